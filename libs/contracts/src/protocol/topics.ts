/**
 * MQTT topics of protocol v1, declared once. Every topic of a device lives under
 * `edgeplane/v1/devices/{deviceId}/`, so a broker ACL can grant a device exactly its own subtree.
 */
export const PROTOCOL_VERSION = 1;

const DEVICE_PREFIX = `edgeplane/v${PROTOCOL_VERSION}/devices`;

/** The four channels of a device. The direction and QoS of each are part of the contract. */
export enum DeviceChannel {
  /** controller → agent, retained: the whole desired state. */
  Desired = 'desired',
  /** agent → controller: what the agent has applied, per assignment. */
  Reported = 'reported',
  /** agent → controller, every interval: health and inference latency. */
  Telemetry = 'telemetry',
  /** agent → broker, retained: `online` on connect, `offline` as the last will. */
  Status = 'status',
}

/**
 * QoS 1 everywhere: QoS 0 silently drops messages for offline devices, and every message here is
 * idempotent (revisions, message ids), so at-least-once is enough and QoS 2's extra round trip is not.
 */
export const PROTOCOL_QOS = 1 as const;

/** The topic of one channel of one device. */
export function deviceTopic(deviceId: string, channel: DeviceChannel): string {
  return `${DEVICE_PREFIX}/${deviceId}/${channel}`;
}

/** The subscription that matches one channel of every device. */
export function allDevicesTopic(channel: DeviceChannel): string {
  return `${DEVICE_PREFIX}/+/${channel}`;
}

/**
 * The default MQTT 5 shared-subscription group of the controller replicas: the broker hands each
 * device message to exactly one member of a group.
 */
export const CONTROLLER_SHARE_GROUP = 'edgeplane-controllers';

/** `filter` as a shared subscription of `group`. */
export function sharedSubscription(group: string, filter: string): string {
  return `$share/${group}/${filter}`;
}

/** Every topic of every device (`edgeplane/v1/devices/#`): what the controller's broker ACL grants it. */
export const ALL_DEVICE_TOPICS = `${DEVICE_PREFIX}/#`;

/** Every topic of one device (`edgeplane/v1/devices/{id}/+`): what a broker ACL grants it. */
export function deviceSubtree(deviceId: string): string {
  return `${DEVICE_PREFIX}/${deviceId}/+`;
}

/** The device id and channel a topic names, or null when it is not a device topic of this protocol. */
export function parseDeviceTopic(topic: string): { deviceId: string; channel: DeviceChannel } | null {
  const parts = topic.split('/');
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}/${parts[2]}` !== DEVICE_PREFIX) return null;
  const channel = Object.values(DeviceChannel).find((known) => known === parts[4]);
  return channel && parts[3] ? { deviceId: parts[3], channel } : null;
}

const CONTROLLERS_PREFIX = `edgeplane/v${PROTOCOL_VERSION}/controllers`;

/**
 * Retained status of one controller replica, `online` once it is subscribed to the device topics
 * and `offline` as its last will (Sparkplug's "primary host state" idea). Agents deliver spooled
 * telemetry only while some replica is online: a broker that restarts forgets subscriptions, and
 * messages published before a controller has subscribed again would be acknowledged and dropped.
 */
export function controllerStatusTopic(replicaId: string): string {
  return `${CONTROLLERS_PREFIX}/${replicaId}/status`;
}

/** The subscription matching every replica's status. */
export const ALL_CONTROLLERS_STATUS_TOPIC = `${CONTROLLERS_PREFIX}/+/status`;

/** The replica id a controller status topic names, or null. */
export function parseControllerStatusTopic(topic: string): string | null {
  const parts = topic.split('/');
  return parts.length === 5 && `${parts[0]}/${parts[1]}/${parts[2]}` === CONTROLLERS_PREFIX && parts[4] === 'status' ? parts[3] : null;
}
