import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@edgeplane/platform';
import { SigningKeyring } from './signing-keyring';

const pem = (type: 'ed25519' | 'rsa' = 'ed25519') =>
  (type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 1024 }) : generateKeyPairSync('ed25519')).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function keyDirectory(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'signing-keys-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), content, { mode: 0o600 });
  return directory;
}

async function problemOf(env: Record<string, string>): Promise<string> {
  try {
    await SigningKeyring.load(loadConfig(env));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('SigningKeyring.load', () => {
  it('generates one key, readable by its owner only, into an empty data directory, and keeps it across starts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'controller-data-'));
    const generated: string[] = [];
    const sut = await SigningKeyring.load(loadConfig({ EDGEPLANE_DATA_DIR: dataDir }), (file) => generated.push(file));

    expect(sut.active.keyId).toMatch(/^edgeplane-\d{8}-[0-9a-f]{8}$/);
    expect(generated).toEqual([join(dataDir, 'signing-keys', `${sut.active.keyId}.pem`)]);
    expect(statSync(generated[0]).mode & 0o777).toBe(0o600);
    const again = await SigningKeyring.load(loadConfig({ EDGEPLANE_DATA_DIR: dataDir }), () => generated.push('again'));
    expect(again.active.keyId).toBe(sut.active.keyId);
    expect(again.active.publicKey.equals(sut.active.publicKey)).toBe(true);
    expect(generated).toHaveLength(1);
  });

  it('holds every key of a configured directory, the named one active', async () => {
    const directory = keyDirectory({ 'key-1.pem': pem(), 'key-2.pem': pem(), 'README.txt': 'not a key' });
    const sut = await SigningKeyring.load(loadConfig({ EDGEPLANE_SIGNING_KEYS_DIR: directory, EDGEPLANE_SIGNING_KEY_ID: 'key-2' }));
    expect(sut.list().map((key) => key.keyId)).toEqual(['key-2', 'key-1']);
    expect(sut.active.keyId).toBe('key-2');
    expect(sut.get('key-1')).toBeDefined();
    expect(sut.get('key-3')).toBeUndefined();
  });

  it('never generates a key into a configured directory', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'signing-keys-'));
    expect(await problemOf({ EDGEPLANE_SIGNING_KEYS_DIR: directory })).toMatch(/^EDGEPLANE_SIGNING_KEYS_DIR: .* no <key id>\.pem file; create one with `openssl genpkey/);
    expect(readdirSync(directory)).toEqual([]);
    expect(await problemOf({ EDGEPLANE_SIGNING_KEYS_DIR: join(directory, 'missing') })).toMatch(/^EDGEPLANE_SIGNING_KEYS_DIR: .*ENOENT/);
  });

  it('names the key files it cannot use', async () => {
    const directory = keyDirectory({ 'Key One.pem': pem(), 'rsa.pem': pem('rsa'), 'junk.pem': 'junk' });
    const problem = await problemOf({ EDGEPLANE_SIGNING_KEYS_DIR: directory });
    expect(problem).toContain('Key One.pem: the name must be <key id>.pem');
    expect(problem).toContain('rsa.pem: an rsa key, expected ed25519');
    expect(problem).toContain('junk.pem: not a PEM private key');
  });

  it('needs the active key named when there are several, and held', async () => {
    const directory = keyDirectory({ 'key-1.pem': pem(), 'key-2.pem': pem() });
    expect(await problemOf({ EDGEPLANE_SIGNING_KEYS_DIR: directory })).toMatch(/^EDGEPLANE_SIGNING_KEY_ID is required: .* holds several keys \(key-1, key-2\)/);
    expect(await problemOf({ EDGEPLANE_SIGNING_KEYS_DIR: directory, EDGEPLANE_SIGNING_KEY_ID: 'key-3' })).toMatch(/^EDGEPLANE_SIGNING_KEY_ID="key-3": no key-3\.pem in /);
    mkdirSync(join(directory, 'sub.pem')); // a directory named like a key is not silently skipped
    expect(await problemOf({ EDGEPLANE_SIGNING_KEYS_DIR: directory, EDGEPLANE_SIGNING_KEY_ID: 'key-1' })).toContain('sub.pem: not a PEM private key');
  });
});
