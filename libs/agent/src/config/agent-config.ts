import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Static, Type as T } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { Uuid } from '@edgeplane/contracts';
import { readTrustedKeys, type TrustedKeys } from '../signing/trusted-keys';

/** Pino's levels; `silent` turns logging off. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// The environment as the agent reads it. Validated with TypeBox, the schema family of the protocol.
const AgentEnvironment = T.Object({
  EDGEPLANE_AGENT_CONTROLLER_URL: T.String({ pattern: '^https?://', description: 'an http(s):// URL' }),
  EDGEPLANE_AGENT_BROKER_URL: T.String({ pattern: '^(mqtts?|wss?)://', description: 'an mqtt(s):// or ws(s):// URL' }),
  EDGEPLANE_AGENT_DEVICE_ID: Uuid,
  EDGEPLANE_AGENT_DEVICE_SECRET: T.Optional(T.String({ minLength: 1 })),
  EDGEPLANE_AGENT_DEVICE_SECRET_FILE: T.Optional(T.String({ minLength: 1 })),
  EDGEPLANE_AGENT_DATA_DIR: T.String({ minLength: 1 }),
  EDGEPLANE_AGENT_CA_FILE: T.Optional(T.String({ minLength: 1 })),
  EDGEPLANE_AGENT_API_HOST: T.String({ minLength: 1, default: '127.0.0.1' }),
  EDGEPLANE_AGENT_API_PORT: T.Integer({ minimum: 0, maximum: 65_535, default: 8470 }),
  EDGEPLANE_AGENT_TELEMETRY_INTERVAL_MS: T.Integer({ minimum: 100, maximum: 3_600_000, default: 10_000 }),
  EDGEPLANE_AGENT_SPOOL_MAX_MESSAGES: T.Integer({ minimum: 1, maximum: 1_000_000, default: 8640 }),
  EDGEPLANE_AGENT_LOG_LEVEL: T.Union(LOG_LEVELS.map((level) => T.Literal(level)), { default: 'info' }),
  EDGEPLANE_AGENT_TRUSTED_KEYS_FILE: T.Optional(T.String({ minLength: 1 })),
  EDGEPLANE_AGENT_ALLOW_UNSIGNED: T.Union([T.Literal('true'), T.Literal('false')], { default: 'false', description: 'true or false' }),
});
type AgentEnvironment = Static<typeof AgentEnvironment>;

/** The agent's settings, read once at start-up. */
export interface AgentConfig {
  /** Base URL of the controller; relative artifact URLs resolve against it, and only it gets the device's credentials. */
  controllerUrl: URL;
  /** The MQTT broker. */
  brokerUrl: string;
  /** This device's id (UUID): MQTT client id and user name, HTTP Basic user. */
  deviceId: string;
  /** This device's secret: MQTT password, HTTP Basic password. */
  deviceSecret: string;
  /**
   * PEM CA certificates that the broker's (mqtts://, wss://) and the controller's (https://)
   * certificates must chain to, instead of the system's CAs; undefined: the system's.
   */
  caCertificates?: string;
  /** Absolute directory for artifacts, the desired state, the serving state and the telemetry spool. */
  dataDir: string;
  /** Interface the local inference API listens on. */
  apiHost: string;
  /** Port of the local inference API; 0 picks a free one (written to `<dataDir>/api-port`). */
  apiPort: number;
  /** Milliseconds between telemetry messages. */
  telemetryIntervalMs: number;
  /** Telemetry messages kept on disk while offline; beyond it the oldest are dropped and counted. */
  spoolMaxMessages: number;
  /** Pino log level. */
  logLevel: (typeof LOG_LEVELS)[number];
  /**
   * The controller's public keys this agent accepts variant signatures from, by key id; null only
   * when EDGEPLANE_AGENT_ALLOW_UNSIGNED=true (development: nothing is checked).
   */
  trustedKeys: TrustedKeys | null;
}

/** Raised at start-up when a setting is wrong; its message names every bad variable. */
export class AgentConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'AgentConfigError';
  }
}

/**
 * Builds the typed configuration from an environment. Unset and empty variables keep their defaults;
 * anything else must be valid, or an AgentConfigError names each bad variable.
 */
export function loadAgentConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const given = Object.fromEntries(
    Object.keys(AgentEnvironment.properties)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const values = Value.Convert(AgentEnvironment, Value.Default(AgentEnvironment, given)) as AgentEnvironment;
  const problems = [...Value.Errors(AgentEnvironment, values)].map((error) => {
    const variable = error.path.slice(1);
    const expected = (error.schema as { description?: string }).description ?? error.message.toLowerCase();
    return variable in given ? `${variable}=${JSON.stringify(given[variable])}: expected ${expected}` : `${variable} is required`;
  });
  for (const variable of ['EDGEPLANE_AGENT_CONTROLLER_URL', 'EDGEPLANE_AGENT_BROKER_URL'] as const) {
    if (typeof values[variable] === 'string' && !URL.canParse(values[variable])) problems.push(`${variable}=${JSON.stringify(values[variable])}: not a URL`);
  }
  const secret = readSecret(values, problems);
  const caCertificates = readCaFile(values, problems);
  const trustedKeys = readTrust(values, problems);
  if (problems.length > 0) throw new AgentConfigError([...new Set(problems)]);
  return {
    controllerUrl: new URL(values.EDGEPLANE_AGENT_CONTROLLER_URL),
    brokerUrl: values.EDGEPLANE_AGENT_BROKER_URL,
    deviceId: values.EDGEPLANE_AGENT_DEVICE_ID,
    deviceSecret: secret!,
    caCertificates,
    dataDir: resolve(values.EDGEPLANE_AGENT_DATA_DIR),
    apiHost: values.EDGEPLANE_AGENT_API_HOST,
    apiPort: values.EDGEPLANE_AGENT_API_PORT,
    telemetryIntervalMs: values.EDGEPLANE_AGENT_TELEMETRY_INTERVAL_MS,
    spoolMaxMessages: values.EDGEPLANE_AGENT_SPOOL_MAX_MESSAGES,
    logLevel: values.EDGEPLANE_AGENT_LOG_LEVEL,
    trustedKeys: trustedKeys!,
  };
}

// Signatures are checked unless a person turned them off on purpose: an agent without a trust file
// does not start, rather than silently loading whatever a broker or a man in the middle hands it.
function readTrust(values: AgentEnvironment, problems: string[]): TrustedKeys | null | undefined {
  const file = values.EDGEPLANE_AGENT_TRUSTED_KEYS_FILE;
  const allowUnsigned = values.EDGEPLANE_AGENT_ALLOW_UNSIGNED === 'true';
  if (file && allowUnsigned) {
    problems.push('EDGEPLANE_AGENT_TRUSTED_KEYS_FILE and EDGEPLANE_AGENT_ALLOW_UNSIGNED=true are both set: give one');
    return undefined;
  }
  if (allowUnsigned) return null;
  if (!file) {
    problems.push('EDGEPLANE_AGENT_TRUSTED_KEYS_FILE is required: the controller keys whose variant signatures this agent accepts (EDGEPLANE_AGENT_ALLOW_UNSIGNED=true turns checking off, for development only)');
    return undefined;
  }
  const { keys, problems: fileProblems } = readTrustedKeys(file);
  problems.push(...fileProblems.map((problem) => `EDGEPLANE_AGENT_TRUSTED_KEYS_FILE=${JSON.stringify(file)}: ${problem}`));
  return keys;
}

// The secret comes inline or from a file (a mounted secret never shows in `ps e` or the unit file).
function readSecret(values: AgentEnvironment, problems: string[]): string | undefined {
  const inline = values.EDGEPLANE_AGENT_DEVICE_SECRET;
  const file = values.EDGEPLANE_AGENT_DEVICE_SECRET_FILE;
  if (inline && file) {
    problems.push('EDGEPLANE_AGENT_DEVICE_SECRET and EDGEPLANE_AGENT_DEVICE_SECRET_FILE are both set: give one');
    return undefined;
  }
  if (inline) return inline;
  if (!file) {
    problems.push('EDGEPLANE_AGENT_DEVICE_SECRET (or EDGEPLANE_AGENT_DEVICE_SECRET_FILE) is required');
    return undefined;
  }
  try {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret) return secret;
    problems.push(`EDGEPLANE_AGENT_DEVICE_SECRET_FILE=${JSON.stringify(file)}: the file is empty`);
  } catch (error) {
    problems.push(`EDGEPLANE_AGENT_DEVICE_SECRET_FILE=${JSON.stringify(file)}: ${(error as Error).message}`);
  }
  return undefined;
}

// A private CA for the site's broker and controller: trusted instead of the system's CAs, not beside them.
function readCaFile(values: AgentEnvironment, problems: string[]): string | undefined {
  const file = values.EDGEPLANE_AGENT_CA_FILE;
  if (!file) return undefined;
  try {
    const pem = readFileSync(file, 'utf8');
    if (/-----BEGIN CERTIFICATE-----/.test(pem)) return pem;
    problems.push(`EDGEPLANE_AGENT_CA_FILE=${JSON.stringify(file)}: no PEM certificate in it`);
  } catch (error) {
    problems.push(`EDGEPLANE_AGENT_CA_FILE=${JSON.stringify(file)}: ${(error as Error).message}`);
  }
  return undefined;
}
