import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { testSigningKey, type TestSigningKey } from '../../libs/agent/src/testing/signing-keys';

/**
 * The controllers' signing key in tests (one per test file: Jest loads this module once per file).
 * Test controllers start with it in their data directory's key directory, and test agents trust it
 * unless told otherwise, as a real installation's agents trust its controller's key.
 */
export const TEST_SIGNING_KEY = testSigningKey('test-controller');

/** Puts `keys` (default: the test key) where a controller with data directory `dataDir` looks for its signing keys. */
export async function installControllerKeys(dataDir: string, keys: TestSigningKey[] = [TEST_SIGNING_KEY]): Promise<string> {
  const directory = join(dataDir, 'signing-keys');
  await mkdir(directory, { recursive: true });
  for (const key of keys) await writeFile(join(directory, `${key.keyId}.pem`), key.privateKeyPem, { mode: 0o600 });
  return directory;
}
