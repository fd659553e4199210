import { type Static, Type as T } from '@sinclair/typebox';
import { messageSchema } from './envelope';
import { Count, MAX_ASSIGNMENTS, Reason, ResourceName, Uuid } from './schema-primitives';

/** Where an assignment is on its way to being served. `active` and `failed` are final for a revision. */
export const ASSIGNMENT_STATES = ['downloading', 'verifying', 'loading', 'active', 'failed'] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

export const ReportedAssignment = T.Object(
  {
    /** Model name of the assignment. */
    model: ResourceName,
    /** The variant the desired state asks for. */
    variantId: Uuid,
    /** Progress toward serving `variantId`. */
    state: T.Union(ASSIGNMENT_STATES.map((state) => T.Literal(state))),
    /** Why it failed (`failed` only), else null. */
    reason: T.Union([Reason, T.Null()]),
    /** The variant actually being served for this model now, or null. */
    activeVariantId: T.Union([Uuid, T.Null()]),
    /** The last variant that passed its self-test and served, kept as the fallback; or null. */
    lastKnownGoodVariantId: T.Union([Uuid, T.Null()]),
    /** Bytes downloaded so far and in all (while `downloading`), else null. */
    download: T.Union([T.Object({ receivedBytes: Count, totalBytes: Count }, { additionalProperties: false }), T.Null()]),
  },
  { additionalProperties: false },
);
export type ReportedAssignment = Static<typeof ReportedAssignment>;

export const ReportedStateBody = T.Object(
  {
    /** The highest desired revision the agent has finished applying (every assignment active or failed); 0 before the first. */
    appliedRevision: T.Integer({ minimum: 0 }),
    /** The desired revision the assignments below describe (equal to appliedRevision once done). */
    revision: T.Integer({ minimum: 0 }),
    /** State per assignment of `revision`. */
    assignments: T.Array(ReportedAssignment, { maxItems: MAX_ASSIGNMENTS }),
  },
  { additionalProperties: false },
);

/**
 * `reported`: agent → controller, QoS 1, on every change of state. An agent's reports carry strictly
 * increasing `sentAt` (two in one millisecond are a millisecond apart), because the controller keeps
 * the newest by `sentAt` and may process two reports at once.
 */
export const ReportedStateMessage = messageSchema(
  'ReportedStateMessage',
  'What the agent has applied, per assignment (agent → controller, QoS 1).',
  ReportedStateBody,
);
export type ReportedStateMessage = Static<typeof ReportedStateMessage>;
export type ReportedState = ReportedStateMessage['body'];
