import {
  ALL_CONTROLLERS_STATUS_TOPIC,
  ALL_DEVICE_TOPICS,
  DeviceChannel,
  deviceTopic,
  allDevicesTopic,
  controllerStatusTopic,
} from '@edgeplane/contracts';

/** One entry of a dynamic-security role's ACL list (Mosquitto 2.0 `$CONTROL/dynamic-security/v1`). */
export interface DynsecAcl {
  acltype: 'publishClientSend' | 'publishClientReceive' | 'subscribeLiteral' | 'subscribePattern' | 'unsubscribeLiteral' | 'unsubscribePattern';
  topic: string;
  allow: boolean;
  priority?: number;
}

const DEVICE_ROLE_PREFIX = 'edgeplane-device-';

/** The role the controller gives its own broker client (besides the admin role `dynsec init` made). */
export const CONTROLLER_ROLE = 'edgeplane-controller';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Device ids are UUIDs: a broker client with such a user name is a device the controller manages. */
export function isDeviceClient(username: string): boolean {
  return UUID.test(username);
}

/**
 * The device's own role. Mosquitto 2.0.11's plugin does not substitute `%c`/`%u` in ACL topics
 * (tested: a shared role with `…/%c/reported` refuses the device's own topic), so every device gets a
 * role naming its topics literally.
 */
export function deviceRoleName(deviceId: string): string {
  return `${DEVICE_ROLE_PREFIX}${deviceId}`;
}

/** The device id a device role names, or null. */
export function deviceIdOfRole(rolename: string): string | null {
  const id = rolename.startsWith(DEVICE_ROLE_PREFIX) ? rolename.slice(DEVICE_ROLE_PREFIX.length) : '';
  return isDeviceClient(id) ? id : null;
}

/**
 * A device may publish only its own reported, telemetry and status (its last will included) and
 * subscribe only to its own desired and the controller replicas' status. Everything else falls to
 * the broker's default access, which `mosquitto_ctrl dynsec init` sets to deny publishing and subscribing.
 */
export function deviceRoleAcls(deviceId: string): DynsecAcl[] {
  const own = (channel: DeviceChannel) => deviceTopic(deviceId, channel);
  return [
    ...[DeviceChannel.Reported, DeviceChannel.Telemetry, DeviceChannel.Status].map(
      (channel): DynsecAcl => ({ acltype: 'publishClientSend', topic: own(channel), allow: true }),
    ),
    { acltype: 'subscribeLiteral', topic: own(DeviceChannel.Desired), allow: true },
    { acltype: 'publishClientReceive', topic: own(DeviceChannel.Desired), allow: true },
    { acltype: 'subscribeLiteral', topic: ALL_CONTROLLERS_STATUS_TOPIC, allow: true },
    { acltype: 'publishClientReceive', topic: ALL_CONTROLLERS_STATUS_TOPIC, allow: true },
  ];
}

/**
 * The controller reads every device's reports, telemetry and status through shared subscriptions
 * (the plugin checks the whole `$share/<group>/…` filter), publishes desired states and its replicas'
 * status. Its administration of the plugin comes from the admin role `mosquitto_ctrl dynsec init` gave it.
 */
export function controllerRoleAcls(): DynsecAcl[] {
  const devices = ALL_DEVICE_TOPICS;
  return [
    { acltype: 'subscribePattern', topic: `$share/+/${devices}`, allow: true },
    { acltype: 'subscribePattern', topic: devices, allow: true },
    { acltype: 'publishClientReceive', topic: devices, allow: true },
    { acltype: 'publishClientSend', topic: allDevicesTopic(DeviceChannel.Desired), allow: true },
    { acltype: 'publishClientSend', topic: controllerStatusTopic('+'), allow: true },
    { acltype: 'subscribePattern', topic: ALL_CONTROLLERS_STATUS_TOPIC, allow: true },
    { acltype: 'publishClientReceive', topic: ALL_CONTROLLERS_STATUS_TOPIC, allow: true },
  ];
}
