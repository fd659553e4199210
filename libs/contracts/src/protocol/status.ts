import { type Static, Type as T } from '@sinclair/typebox';
import { messageSchema } from './envelope';
import { Count, ShortText, Uuid } from './schema-primitives';

/** What the agent's machine can do; sent with every `online`. */
export const Capabilities = T.Object(
  {
    /** CPU architecture as Node reports it (`x64`, `arm64`, …). */
    cpuArch: ShortText,
    /** Logical CPU cores. */
    cpuCores: T.Integer({ minimum: 1, maximum: 4096 }),
    /** Physical memory in bytes. */
    memoryBytes: Count,
    /** Accelerators found on the device, e.g. `cuda:Orin`, `hailo8`. */
    accelerators: T.Array(ShortText, { maxItems: 16 }),
    /** ONNX Runtime execution providers the agent can use, e.g. `cpu`, `cuda`. */
    executionProviders: T.Array(ShortText, { maxItems: 16 }),
  },
  { additionalProperties: false },
);
export type Capabilities = Static<typeof Capabilities>;

const Online = T.Object(
  {
    state: T.Literal('online'),
    /** This connection's id (new for every connect); the last will registered with it carries the same. */
    session: Uuid,
    /** The agent's version. */
    agentVersion: ShortText,
    /** The machine. */
    capabilities: Capabilities,
  },
  { additionalProperties: false },
);

const Offline = T.Object(
  {
    state: T.Literal('offline'),
    /** The connection that ended. A will of an earlier connection than the current one is stale and ignored. */
    session: Uuid,
    /** `will`: the broker published the last will (connection lost); `shutdown`: the agent stopped cleanly. */
    cause: T.Union([T.Literal('will'), T.Literal('shutdown')]),
  },
  { additionalProperties: false },
);

/**
 * `status`: agent → controller, QoS 1, retained. `online` on every connect; `offline` is registered
 * as the MQTT last will at connect (so its `sentAt` is the connect time) and sent on clean shutdown.
 * Both carry the connection's `session`: the broker may deliver a dead connection's will after the
 * next connection's `online`, and the session tells them apart.
 */
export const StatusMessage = messageSchema(
  'StatusMessage',
  'Whether the agent is connected (agent → controller, QoS 1, retained; offline is the last will).',
  T.Union([Online, Offline]),
);
export type StatusMessage = Static<typeof StatusMessage>;
