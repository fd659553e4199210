import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';

/** What `edgeplane login` stores: where the controller is and the key to use with it. */
export interface StoredLogin {
  /** Controller base URL, e.g. `https://edgeplane.example:8080`. */
  url: string;
  /** API key (`epk_…`). */
  key: string;
  /** CA certificate file to trust for the controller, when it uses a private CA. */
  caFile?: string;
}

/** Connection options every command accepts (flags win over the environment, which wins over the file). */
export interface ConnectionFlags {
  url?: string;
  caFile?: string;
}

/** Where to reach the controller and with which key, once flags, environment and config file are merged. */
export interface Connection {
  url: string;
  key: string | null;
  caFile: string | null;
}

/**
 * The environment the CLI reads, in one place: `EDGEPLANE_URL`, `EDGEPLANE_API_KEY`,
 * `EDGEPLANE_CA_FILE`, and `XDG_CONFIG_HOME` for the config file.
 */
export interface CliEnvironment {
  EDGEPLANE_URL?: string;
  EDGEPLANE_API_KEY?: string;
  EDGEPLANE_CA_FILE?: string;
  XDG_CONFIG_HOME?: string;
  HOME?: string;
}

/** `$XDG_CONFIG_HOME/edgeplane/config.json`, `~/.config/edgeplane/config.json` by default. */
export function configFilePath(env: CliEnvironment): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'edgeplane', 'config.json');
}

export async function readStoredLogin(env: CliEnvironment): Promise<StoredLogin | null> {
  const file = configFilePath(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`${file}: cannot be read (${(error as Error).message}); fix its permissions or run \`edgeplane login\` again`, ExitCode.failed);
  }
  try {
    const parsed = JSON.parse(text) as Partial<StoredLogin>;
    if (typeof parsed.url !== 'string' || typeof parsed.key !== 'string') throw new Error('url or key missing');
    return { url: parsed.url, key: parsed.key, ...(typeof parsed.caFile === 'string' ? { caFile: parsed.caFile } : {}) };
  } catch (error) {
    throw new CliError(`${file}: not a valid Edgeplane config (${(error as Error).message}); run \`edgeplane login\` again`, ExitCode.failed);
  }
}

/** Writes the login readable by its owner only (0600): it holds an API key. */
export async function storeLogin(env: CliEnvironment, login: StoredLogin): Promise<string> {
  const file = configFilePath(env);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file; an older, wider file is narrowed too.
  await chmod(file, 0o600);
  return file;
}

/** Merges flags, environment and the stored login; an explicit URL without a key does not borrow the stored key of another controller. */
export async function resolveConnection(flags: ConnectionFlags, env: CliEnvironment): Promise<Connection> {
  const stored = await readStoredLogin(env);
  const url = flags.url ?? env.EDGEPLANE_URL ?? stored?.url;
  if (!url) {
    throw new CliError('No controller URL: run `edgeplane login --url <controller> --key <epk_…>`, or pass --url / set EDGEPLANE_URL', ExitCode.auth);
  }
  const sameController = stored !== null && normaliseUrl(stored.url) === normaliseUrl(url);
  return {
    url: normaliseUrl(url),
    key: env.EDGEPLANE_API_KEY ?? (sameController ? stored.key : null),
    caFile: flags.caFile ?? env.EDGEPLANE_CA_FILE ?? (sameController ? (stored.caFile ?? null) : null),
  };
}

export function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
