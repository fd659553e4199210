import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SIGNING_KEY_ID_PATTERN } from '@edgeplane/contracts';
import { ConfigError, type EdgeplaneConfig } from '@edgeplane/platform';

/** One of the controller's ed25519 signing keys. */
export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Where the development path keeps its generated key: beside the bootstrap admin key. */
export const DEFAULT_SIGNING_KEYS_DIRECTORY = 'signing-keys';

/**
 * The controller's signing keys, read once at start from a directory of `<key id>.pem` files
 * (PKCS#8, as `openssl genpkey -algorithm ed25519` writes them). The private keys stay in files the
 * operator provisions (a mounted secret, a vault agent's output), never in PostgreSQL: a database dump
 * or a read-only SQL injection must not be enough to sign a model for the fleet.
 *
 * The active key signs variants that have no signature by a key still held; the other keys' signatures
 * stay valid (rotation). Retiring a key = removing its file: variants signed only by it are signed anew
 * with the active key the next time they are assigned.
 */
export class SigningKeyring {
  private constructor(
    readonly directory: string,
    readonly active: SigningKey,
    private readonly keys: ReadonlyMap<string, SigningKey>,
  ) {}

  /** Every key held, the active one first. */
  list(): SigningKey[] {
    return [this.active, ...[...this.keys.values()].filter((key) => key !== this.active)];
  }

  /** The key with this id, if the controller still holds it. */
  get(keyId: string): SigningKey | undefined {
    return this.keys.get(keyId);
  }

  /**
   * Reads the key directory; a problem stops start-up with a ConfigError naming the variable. Without
   * EDGEPLANE_SIGNING_KEYS_DIR, an empty `<data dir>/signing-keys` gets a generated key (`onGenerated`
   * is told its file); a configured directory is never written to: a key the agents do not trust yet
   * would only make them refuse everything.
   */
  static async load(config: EdgeplaneConfig, onGenerated: (file: string) => void = () => undefined): Promise<SigningKeyring> {
    const configured = config.EDGEPLANE_SIGNING_KEYS_DIR;
    const variable = configured ? 'EDGEPLANE_SIGNING_KEYS_DIR' : 'EDGEPLANE_DATA_DIR';
    const directory = resolve(configured ?? join(config.EDGEPLANE_DATA_DIR, DEFAULT_SIGNING_KEYS_DIRECTORY));
    const fail = (problem: string): never => {
      throw new ConfigError([`${variable}: signing keys in ${directory}: ${problem}`]);
    };
    let files = await pemFiles(directory).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' && !configured ? [] : fail((error as Error).message)));
    if (files.length === 0 && !configured) {
      files = [await generateKey(directory, config.EDGEPLANE_SIGNING_KEY_ID ?? generatedKeyId())];
      onGenerated(join(directory, files[0]));
    }
    const keys = new Map<string, SigningKey>();
    const problems: string[] = [];
    for (const file of files) {
      const keyId = file.slice(0, -'.pem'.length);
      if (!SIGNING_KEY_ID_PATTERN.test(keyId)) {
        problems.push(`${file}: the name must be <key id>.pem, the key id 1-63 lowercase letters, digits, ".", "_" or "-"`);
        continue;
      }
      try {
        const privateKey = createPrivateKey(await readFile(join(directory, file)));
        if (privateKey.asymmetricKeyType !== 'ed25519') problems.push(`${file}: an ${privateKey.asymmetricKeyType} key, expected ed25519`);
        else keys.set(keyId, { keyId, privateKey, publicKey: createPublicKey(privateKey) });
      } catch (error) {
        problems.push(`${file}: not a PEM private key (${(error as Error).message})`);
      }
    }
    if (problems.length > 0) fail(problems.join('; '));
    if (keys.size === 0) fail('no <key id>.pem file; create one with `openssl genpkey -algorithm ed25519 -out <key id>.pem`');
    const activeId = config.EDGEPLANE_SIGNING_KEY_ID ?? (keys.size === 1 ? [...keys.keys()][0] : undefined);
    if (!activeId) throw new ConfigError([`EDGEPLANE_SIGNING_KEY_ID is required: ${directory} holds several keys (${[...keys.keys()].join(', ')}); name the one that signs new variants`]);
    const active = keys.get(activeId);
    if (!active) throw new ConfigError([`EDGEPLANE_SIGNING_KEY_ID=${JSON.stringify(activeId)}: no ${activeId}.pem in ${directory} (keys: ${[...keys.keys()].join(', ')})`]);
    return new SigningKeyring(directory, active, keys);
  }
}

async function pemFiles(directory: string): Promise<string[]> {
  return (await readdir(directory)).filter((file) => file.endsWith('.pem')).sort();
}

/** A fresh id per installation, so that agents' trust files never confuse two installations' keys. */
function generatedKeyId(): string {
  return `edgeplane-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
}

async function generateKey(directory: string, keyId: string): Promise<string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const file = `${keyId}.pem`;
  // 'wx': never overwrite a key; mode 0600: readable by the controller's user only.
  await writeFile(join(directory, file), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return file;
}
