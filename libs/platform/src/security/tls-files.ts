import { readFileSync } from 'node:fs';
import type { EdgeplaneConfig } from '../config/edgeplane-config';

/** The TLS settings that name PEM files, and what each must hold. */
const PEM_FILES = {
  EDGEPLANE_MQTT_CA_FILE: 'CERTIFICATE',
  EDGEPLANE_MQTT_CERT_FILE: 'CERTIFICATE',
  EDGEPLANE_MQTT_KEY_FILE: 'PRIVATE KEY',
  EDGEPLANE_HTTP_TLS_CERT_FILE: 'CERTIFICATE',
  EDGEPLANE_HTTP_TLS_KEY_FILE: 'PRIVATE KEY',
} as const;

type PemSetting = keyof typeof PEM_FILES;

/** Settings that only work together. */
const PAIRS: [PemSetting, PemSetting][] = [
  ['EDGEPLANE_MQTT_CERT_FILE', 'EDGEPLANE_MQTT_KEY_FILE'],
  ['EDGEPLANE_HTTP_TLS_CERT_FILE', 'EDGEPLANE_HTTP_TLS_KEY_FILE'],
];

/**
 * What is wrong with the TLS files a configuration names, one line per setting: unreadable, not PEM,
 * half of a pair, or broker TLS settings on a URL that does not use TLS. Empty when all is well.
 */
export function tlsFileProblems(config: EdgeplaneConfig): string[] {
  const problems: string[] = [];
  for (const [setting, label] of Object.entries(PEM_FILES) as [PemSetting, string][]) {
    const path = config[setting];
    if (path === undefined) continue;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`${setting}=${JSON.stringify(path)}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      continue;
    }
    // "PRIVATE KEY" also matches "EC PRIVATE KEY" and "RSA PRIVATE KEY", which Node reads too.
    if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(text)) problems.push(`${setting}=${JSON.stringify(path)}: no PEM ${label} in it`);
  }
  for (const [first, second] of PAIRS) {
    if ((config[first] === undefined) !== (config[second] === undefined)) problems.push(`${first} and ${second} go together: set both or neither`);
  }
  const brokerTls = config.EDGEPLANE_MQTT_CA_FILE ?? config.EDGEPLANE_MQTT_CERT_FILE;
  if (brokerTls !== undefined && !/^(mqtts|wss):/.test(config.MQTT_URL)) {
    problems.push(`MQTT_URL=${JSON.stringify(config.MQTT_URL)}: broker TLS files are set, so the URL must be mqtts:// or wss://`);
  }
  return problems;
}

/** TLS options for the controller's MQTT clients (mqtt.js passes them to tls.connect). */
export function brokerTlsOptions(config: EdgeplaneConfig): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  const read = (path: string | undefined) => (path === undefined ? undefined : readFileSync(path));
  const options = { ca: read(config.EDGEPLANE_MQTT_CA_FILE), cert: read(config.EDGEPLANE_MQTT_CERT_FILE), key: read(config.EDGEPLANE_MQTT_KEY_FILE) };
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/** Options for an HTTPS server, or undefined when the API speaks plain HTTP. */
export function httpsServerOptions(config: EdgeplaneConfig): { cert: Buffer; key: Buffer } | undefined {
  if (config.EDGEPLANE_HTTP_TLS_CERT_FILE === undefined || config.EDGEPLANE_HTTP_TLS_KEY_FILE === undefined) return undefined;
  return { cert: readFileSync(config.EDGEPLANE_HTTP_TLS_CERT_FILE), key: readFileSync(config.EDGEPLANE_HTTP_TLS_KEY_FILE) };
}
