import { type Static, Type as T } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { PROTOCOL_VERSION } from './topics';
import { Timestamp } from './schema-primitives';

/** `edgeplane/v1/controllers/{replicaId}/status`: controller → agents, QoS 1, retained. */
export const ControllerStatusMessage = T.Object(
  {
    schemaVersion: T.Literal(PROTOCOL_VERSION),
    /** `online` while the replica consumes device messages; `offline` is its last will. */
    state: T.Union([T.Literal('online'), T.Literal('offline')]),
    sentAt: Timestamp,
  },
  { $id: 'ControllerStatusMessage', title: 'ControllerStatusMessage', additionalProperties: false },
);
export type ControllerStatusMessage = Static<typeof ControllerStatusMessage>;

const check = TypeCompiler.Compile(ControllerStatusMessage);

/** The state a controller status payload announces, or null for an empty (cleared) or invalid one. */
export function decodeControllerStatus(payload: Uint8Array): ControllerStatusMessage['state'] | null {
  if (payload.byteLength === 0 || payload.byteLength > 1024) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload).toString('utf8'));
    return check.Check(value) ? value.state : null;
  } catch {
    return null;
  }
}

export function encodeControllerStatus(state: ControllerStatusMessage['state']): string {
  return JSON.stringify({ schemaVersion: PROTOCOL_VERSION, state, sentAt: new Date().toISOString() });
}
