import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { tlsFileProblems } from '../security/tls-files';
import { EdgeplaneConfig } from './edgeplane-config';

/** Raised at start-up when a setting is wrong; its message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const KNOWN_KEYS = Object.keys(new EdgeplaneConfig());

/** Variables whose value an error message must not repeat. */
const SECRET_KEYS = new Set(['EDGEPLANE_MQTT_PASSWORD', 'EDGEPLANE_METRICS_TOKEN']);

/**
 * Builds the typed configuration from an environment. Unset and empty variables keep their defaults;
 * anything else must be valid or start-up stops with a ConfigError naming the variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EdgeplaneConfig {
  const given = Object.fromEntries(
    [...KNOWN_KEYS, 'EDGEPLANE_BOOTSTRAP_ADMIN_KEY', 'EDGEPLANE_MQTT_USERNAME', 'EDGEPLANE_MQTT_PASSWORD', 'EDGEPLANE_METRICS_TOKEN', 'EDGEPLANE_COMPILER_METRICS_PORT']
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const config = plainToInstance(EdgeplaneConfig, given, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(errors.map((error) => describe(error, given)));
  }
  // Files are read now, so a missing certificate stops the process at start, not at the first connection.
  const tlsProblems = tlsFileProblems(config);
  if (tlsProblems.length > 0) throw new ConfigError(tlsProblems);
  return config;
}

function describe(error: ValidationError, given: Record<string, unknown>): string {
  const reasons = Object.values(error.constraints ?? {})
    .map((reason) => reason.replace(`${error.property} `, ''))
    .join('; ');
  const value = SECRET_KEYS.has(error.property) && given[error.property] !== undefined ? '"(hidden)"' : JSON.stringify(given[error.property]);
  return `${error.property}=${value}: ${reasons}`;
}

/**
 * For a process's main(): the configuration, or a message naming every bad variable on stderr and
 * exit code 78 (EX_CONFIG: the operator must fix a setting; restarting will not help).
 */
export function loadConfigOrExit(processName: string, env: NodeJS.ProcessEnv = process.env): EdgeplaneConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`edgeplane ${processName}: ${error.message}\n`);
    return process.exit(78);
  }
}
