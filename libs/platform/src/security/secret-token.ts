import { createHash, randomBytes } from 'node:crypto';

/** Length of a token's random part: 32 bytes (256 bits) as base64url, 43 characters. */
const RANDOM_BYTES = 32;

/**
 * A new bearer secret, `<prefix>_<43 base64url chars>`. The prefix (`epk` for API keys, `epd` for
 * device credentials) lets secret scanners and people recognise what a leaked string is.
 */
export function newSecretToken(prefix: 'epk' | 'epd'): string {
  return `${prefix}_${randomBytes(RANDOM_BYTES).toString('base64url')}`;
}

/**
 * The stored form of a secret. SHA-256 is right here, unlike for passwords: the secret carries 256
 * random bits, so there is nothing to brute-force, and lookups by hash stay a single index probe.
 */
export function hashSecret(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

