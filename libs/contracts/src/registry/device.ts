export const DEVICE_STATUSES = ['provisioned', 'online', 'offline', 'decommissioned'] as const;
/** `provisioned`: never connected yet; `decommissioned`: retired, credentials revoked, kept for history. */
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** What the agent reports about its machine when it connects. */
export interface DeviceCapabilities {
  /** CPU architecture as Node reports it (`x64`, `arm64`, …). */
  cpuArch: string;
  /** Logical CPU cores. */
  cpuCores: number;
  /** Total memory in bytes. */
  memoryBytes: number;
  /** Accelerators found on the device, e.g. `cuda:Orin`, `hailo8`. */
  accelerators: string[];
  /** ONNX Runtime execution providers available to the agent. */
  executionProviders?: string[];
}

/** A device as the operator API returns it. */
export interface DeviceView {
  /** Server-assigned id (UUIDv7); also the device's MQTT client id and username. */
  id: string;
  /** Operator-chosen unique name. */
  name: string;
  /** Name of the device's hardware profile. */
  hardwareProfile: string;
  /** Key/value labels used by selectors. */
  labels: Record<string, string>;
  /** Lifecycle state. */
  status: DeviceStatus;
  /** Last time the device was heard from (ISO 8601), or null if never. */
  lastSeenAt: string | null;
  /** Version of the edge agent last reported, or null. */
  agentVersion: string | null;
  /** Capabilities last reported by the agent, or null. */
  capabilities: DeviceCapabilities | null;
  /** When the device was decommissioned (ISO 8601), or null. */
  decommissionedAt: string | null;
  /** ISO 8601 creation time. */
  createdAt: string;
  /** ISO 8601 time of the last change. */
  updatedAt: string;
}

/** The device's secret, returned exactly once: at provisioning and at each re-issue. */
export interface DeviceCredentialsView {
  /** Id of this credential (for the history list). */
  credentialId: string;
  /** MQTT username and HTTP basic-auth user: the device id. */
  username: string;
  /** The secret. Edgeplane keeps only its hash; store it on the device now. */
  secret: string;
}

/** One entry in a device's credential history. Never contains the secret or its hash. */
export interface DeviceCredentialHistoryView {
  /** Credential id. */
  id: string;
  /** ISO 8601 issue time. */
  createdAt: string;
  /** ISO 8601 revocation time, or null while active. */
  revokedAt: string | null;
  /** Why it was revoked: replaced by a re-issue or by decommissioning. */
  revokeReason: 'reissued' | 'decommissioned' | null;
}

/** One page of a cursor-paginated list. */
export interface Page<T> {
  /** The items of this page, in the requested stable order. */
  items: T[];
  /** Opaque cursor for the next page, or null on the last page. */
  nextCursor: string | null;
}
