/** A device the fleet hosts: the id and secret it was provisioned with (POST /devices). */
export interface FleetDevice {
  id: string;
  secret: string;
}

/**
 * How the fleet's devices answer a desired state:
 * - `agent`: like the edge agent, `downloading` then `active` on the assigned variant (reported topic);
 * - `echo`: one QoS 1 message of `bytes` bytes to `<topicPrefix>/<deviceId>` — the fan-out floor, no Edgeplane.
 */
export type AnswerMode = { kind: 'agent' } | { kind: 'echo'; topicPrefix: string; bytes: number };

/** Commands from the parent (SimulatedFleet) to one worker process, each answered by a FleetReply with its id. */
export type FleetCommand =
  | { kind: 'connect'; brokerUrl: string; devices: FleetDevice[]; perSecond: number }
  | { kind: 'answer'; mode: AnswerMode }
  | {
      kind: 'telemetry';
      /** Publish until this wall-clock time (ms since the epoch). */
      untilMs: number;
      /** null: the devices' own telemetry topics (Edgeplane); else `<topicPrefix>/<deviceId>/telemetry` (the floor). */
      topicPrefix: string | null;
      /** The variant the telemetry speaks of. */
      variantId: string;
      /** QoS 1 publishes each connection keeps unacknowledged at most. */
      inFlight: number;
    }
  | { kind: 'counts' }
  | { kind: 'close' };

export interface FleetRequest {
  id: number;
  command: FleetCommand;
}

export type FleetReply = { id: number; ok: true; result?: unknown } | { id: number; ok: false; error: string };

/** What one worker has seen and sent since it started; times are ms since the epoch, null before the first. */
export interface FleetCounts {
  connected: number;
  /** Devices that have received a non-empty desired state, and when the first and the last did. */
  desiredDevices: number;
  firstDesiredAt: number | null;
  lastDesiredAt: number | null;
  /** Size in bytes of the last desired state received. */
  desiredBytes: number;
  /** Devices whose `active` report the broker acknowledged, and when the last one was. */
  activeAcked: number;
  lastActiveAckAt: number | null;
  /** Size in bytes of the last report sent. */
  reportBytes: number;
  /** Floor answers (echo mode) acknowledged. */
  echoesAcked: number;
  /** Telemetry messages published, acknowledged by the broker, and failed, in the latest telemetry round. */
  telemetrySent: number;
  telemetryAcked: number;
  telemetryFailed: number;
  firstTelemetryAt: number | null;
  lastTelemetryAckAt: number | null;
  /** Size in bytes of the last telemetry message. */
  telemetryBytes: number;
  /** Connections the broker or the network closed while the worker had not asked for it. */
  disconnects: number;
  /** Connection attempts that failed (CONNACK timeout) and were made again. */
  connectRetries: number;
}
