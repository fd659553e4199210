import { hashSecret, newSecretToken } from '@edgeplane/platform';

/** A fresh device secret and the hash that is all Edgeplane keeps of it. */
export function newDeviceSecret(): { token: string; hash: string } {
  const token = newSecretToken('epd');
  return { token, hash: hashSecret(token) };
}
