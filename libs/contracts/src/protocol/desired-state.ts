import { type Static, Type as T } from '@sinclair/typebox';
import { messageSchema } from './envelope';
import { Count, MAX_ASSIGNMENTS, ResourceName, Sha256, ShortText, Uuid } from './schema-primitives';
import { VariantSignature } from './variant-signature';

/** A file the agent downloads from the controller with its own credentials. */
export const ArtifactLocation = T.Object(
  {
    /** Absolute URL, or a path the agent resolves against its configured controller URL. */
    url: T.String({ minLength: 1, maxLength: 2048 }),
    /** SHA-256 of the bytes; the agent never loads a file that does not match it. */
    sha256: Sha256,
    /** Exact length in bytes; a longer download is cut off and refused. */
    sizeBytes: Count,
  },
  { additionalProperties: false },
);
export type ArtifactLocation = Static<typeof ArtifactLocation>;

/** How the agent runs a variant in ONNX Runtime. */
export const RuntimeSettings = T.Object(
  {
    /** Execution providers in order of preference; the agent uses the first it has. */
    executionProviders: T.Array(ShortText, { minItems: 1, maxItems: 8 }),
    /** Threads ONNX Runtime may use inside one operator; 0 lets ONNX Runtime choose. */
    intraOpThreads: T.Integer({ minimum: 0, maximum: 256 }),
  },
  { additionalProperties: false },
);
export type RuntimeSettings = Static<typeof RuntimeSettings>;

/** One model the device must serve, and exactly which compiled variant of it. */
export const Assignment = T.Object(
  {
    /** The deployment that put it here, or null when an operator set it directly. */
    deploymentId: T.Union([Uuid, T.Null()]),
    /** Model name; the local inference API serves it under this name. At most one assignment per model. */
    model: ResourceName,
    /** Model version number. */
    modelVersion: T.Integer({ minimum: 1 }),
    /** The compiled variant to serve. */
    variantId: Uuid,
    /** The hardware profile the variant was built for. */
    hardwareProfile: ResourceName,
    /** The variant's ONNX file. */
    artifact: ArtifactLocation,
    /** Sample inputs with the outputs the compiler measured (.npz) for the agent's self-test, or null. */
    samples: T.Union([ArtifactLocation, T.Null()]),
    /** How to run it. */
    runtime: RuntimeSettings,
    /**
     * The controller's signature of the variant (its files' digests, id, model, version, profile).
     * Optional in the schema only so that an agent can report an unsigned assignment as such:
     * agents refuse to load an assignment without a valid one.
     */
    signature: T.Optional(VariantSignature),
  },
  { additionalProperties: false },
);
export type Assignment = Static<typeof Assignment>;

export const DesiredStateBody = T.Object(
  {
    /** Increases with every change of the document; an agent ignores a revision lower than one it has. */
    revision: T.Integer({ minimum: 1 }),
    /** Everything the device must serve. An empty list means: serve nothing. */
    assignments: T.Array(Assignment, { maxItems: MAX_ASSIGNMENTS }),
  },
  { additionalProperties: false },
);

/** `desired`: controller → agent, QoS 1, retained. The whole desired state, not a delta. */
export const DesiredStateMessage = messageSchema(
  'DesiredStateMessage',
  'The whole desired state of one device (controller → agent, QoS 1, retained).',
  DesiredStateBody,
);
export type DesiredStateMessage = Static<typeof DesiredStateMessage>;
export type DesiredState = DesiredStateMessage['body'];
