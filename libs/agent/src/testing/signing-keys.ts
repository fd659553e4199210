import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { type Assignment, claimsOf, variantSigningPayload } from '@edgeplane/contracts';

/** A controller signing key for tests: an ed25519 pair with an id, as the controller holds it. */
export interface TestSigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The private key as the controller's key directory holds it (PKCS#8 PEM). */
  privateKeyPem: string;
  /** The public key as agents' trust files hold it (SPKI PEM). */
  publicKeyPem: string;
}

export function testSigningKey(keyId: string): TestSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    keyId,
    privateKey,
    publicKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The assignment with a signature by `key` over `claimsFrom`'s claims (by default its own, as the controller signs). */
export function signedAssignment(assignment: Assignment, key: TestSigningKey, claimsFrom: Assignment = assignment): Assignment {
  const claims = claimsOf(claimsFrom);
  return { ...assignment, signature: { keyId: key.keyId, claims, value: sign(null, variantSigningPayload(claims), key.privateKey).toString('base64') } };
}

/** Writes an agent trust file (key id → SPKI PEM) naming `keys`; returns its path. */
export function writeTrustFile(file: string, keys: TestSigningKey[]): string {
  writeFileSync(file, JSON.stringify(Object.fromEntries(keys.map((key) => [key.keyId, key.publicKeyPem])), null, 2));
  return file;
}
