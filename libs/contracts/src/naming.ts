/**
 * Names of devices, hardware profiles and API keys: 1-63 lowercase letters, digits, `.`, `_`, `-`,
 * starting and ending with a letter or digit, so they are safe in URLs, MQTT topics and file names.
 */
export const RESOURCE_NAME_PATTERN = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;

export const RESOURCE_NAME_RULE =
  '1-63 lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit';
