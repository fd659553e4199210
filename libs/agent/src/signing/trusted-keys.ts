import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SIGNING_KEY_ID_PATTERN } from '@edgeplane/contracts';

/** The controller keys this agent accepts signatures from, by key id. */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;

/**
 * Reads a trust file: a JSON object mapping each key id to its ed25519 public key in PEM (SPKI), as
 * `GET /api/v1/signing-keys` lists them. Returns the keys, or the problems that make the file unusable
 * (each names the key id); an empty object is a problem too: an agent that trusts nothing loads nothing.
 */
export function readTrustedKeys(file: string): { keys: TrustedKeys; problems: string[] } {
  const keys = new Map<string, KeyObject>();
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { keys, problems: [(error as Error).message] };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { keys, problems: ['expected a JSON object of key id → PEM public key'] };
  }
  const problems: string[] = [];
  for (const [keyId, pem] of Object.entries(document)) {
    if (!SIGNING_KEY_ID_PATTERN.test(keyId)) problems.push(`key id ${JSON.stringify(keyId)}: expected lowercase letters, digits, ".", "_", "-" (at most 63)`);
    else if (typeof pem !== 'string') problems.push(`key ${keyId}: expected a PEM string`);
    else {
      try {
        const key = createPublicKey(pem);
        if (key.asymmetricKeyType === 'ed25519') keys.set(keyId, key);
        else problems.push(`key ${keyId}: an ${key.asymmetricKeyType} key, expected ed25519`);
      } catch (error) {
        problems.push(`key ${keyId}: not a PEM public key (${(error as Error).message})`);
      }
    }
  }
  if (problems.length === 0 && keys.size === 0) problems.push('no keys: list at least one key id → PEM public key');
  return { keys, problems };
}
