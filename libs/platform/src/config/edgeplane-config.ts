import { Transform } from 'class-transformer';
import { CONTROLLER_SHARE_GROUP, SIGNING_KEY_ID_PATTERN } from '@edgeplane/contracts';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsTrustProxy } from './trust-proxy';

/** How device access to the broker is enforced: see EDGEPLANE_MQTT_AUTHORIZATION. */
export const MQTT_AUTHORIZATION_MODES = ['none', 'mosquitto-dynsec'] as const;
export type MqttAuthorizationMode = (typeof MQTT_AUTHORIZATION_MODES)[number];

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/**
 * Every setting the controller reads, with its environment variable. Read once at start
 * (loadConfig); feature code receives this object and never reads process.env.
 */
export class EdgeplaneConfig {
  /** PostgreSQL connection string. */
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/edgeplane';

  /** Redis (BullMQ queues). */
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every BullMQ key in Redis; separate prefixes let several installations share a Redis. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, "_" or "-"' })
  EDGEPLANE_QUEUE_PREFIX = 'edgeplane';

  /**
   * Compile jobs one compiler process runs at once. onnxruntime-node computes on the process's main
   * thread, so the jobs of one process take turns: one process per core is what uses the cores.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  EDGEPLANE_COMPILER_CONCURRENCY = 1;

  /** MQTT broker the devices talk to. */
  @IsUrl({ protocols: ['mqtt', 'mqtts', 'ws', 'wss'], require_tld: false, require_protocol: true })
  MQTT_URL = 'mqtt://127.0.0.1:1883';

  /**
   * PEM file of the CA certificates the broker's certificate must chain to, for an mqtts:// or wss://
   * MQTT_URL; unset, the system's CAs. A private CA is the usual case for a broker on site.
   */
  @IsOptional()
  @IsString()
  EDGEPLANE_MQTT_CA_FILE?: string;

  /** PEM certificate (chain) the controller presents to a broker that authenticates clients by certificate; with EDGEPLANE_MQTT_KEY_FILE. */
  @IsOptional()
  @IsString()
  EDGEPLANE_MQTT_CERT_FILE?: string;

  /** PEM private key of EDGEPLANE_MQTT_CERT_FILE. */
  @IsOptional()
  @IsString()
  EDGEPLANE_MQTT_KEY_FILE?: string;

  /**
   * MQTT 5 shared-subscription group of the controller replicas: replicas in one group split the
   * device messages between them. Separate installations on one broker need separate groups.
   */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, "_" or "-"' })
  EDGEPLANE_MQTT_SHARE_GROUP = CONTROLLER_SHARE_GROUP;

  /**
   * MQTT client id of this replica's ingest session. When set, the session is persistent (the
   * broker keeps messages for it while it restarts); unset, a unique id and a clean session are used.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be 1-64 letters, digits, ".", "_" or "-"' })
  EDGEPLANE_MQTT_CLIENT_ID?: string;

  /**
   * How the broker decides what each MQTT client may do. `none`: the broker's own configuration
   * alone (an anonymous development broker). `mosquitto-dynsec`: Mosquitto's dynamic-security plugin,
   * kept in step by the controller, which gives each device its own client and may-only-touch-its-own-
   * topics role on provision, re-issue and decommission (docs/security.md).
   */
  @IsIn(MQTT_AUTHORIZATION_MODES)
  EDGEPLANE_MQTT_AUTHORIZATION: MqttAuthorizationMode = 'none';

  /** The controller's own MQTT user name (separate from every device's); required with `mosquitto-dynsec`. */
  @ValidateIf((config: EdgeplaneConfig) => config.EDGEPLANE_MQTT_USERNAME !== undefined || config.EDGEPLANE_MQTT_AUTHORIZATION !== 'none')
  @IsString({ message: 'is required when EDGEPLANE_MQTT_AUTHORIZATION is not none' })
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be 1-64 letters, digits, ".", "_" or "-"' })
  EDGEPLANE_MQTT_USERNAME?: string;

  /** The controller's own MQTT password; required with `mosquitto-dynsec`, and then at least 16 characters. */
  @ValidateIf((config: EdgeplaneConfig) => config.EDGEPLANE_MQTT_PASSWORD !== undefined || config.EDGEPLANE_MQTT_AUTHORIZATION !== 'none')
  @IsString({ message: 'is required when EDGEPLANE_MQTT_AUTHORIZATION is not none' })
  @MinLength(16, { message: 'must be at least 16 characters: it also seals device secrets waiting for the broker' })
  EDGEPLANE_MQTT_PASSWORD?: string;

  /** A device not heard from for this long is marked offline (3.5 telemetry intervals by default). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  EDGEPLANE_DEVICE_OFFLINE_AFTER_MS = 35_000;

  /** Days raw telemetry messages are kept; per-minute latency rollups outlive them. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EDGEPLANE_TELEMETRY_RETENTION_DAYS = 7;

  /** Days per-minute latency rollups are kept. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EDGEPLANE_ROLLUP_RETENTION_DAYS = 90;

  /** Length of the rate-limit window in seconds: each limit below counts requests per window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  EDGEPLANE_RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Requests one API key may make per window, across all controller replicas. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EDGEPLANE_RATE_LIMIT_PER_KEY = 3000;

  /**
   * Requests one device may make per window with its own credentials (artifact downloads and their
   * resumptions). Counted per device, so a rollout to many devices is not limited as a whole.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EDGEPLANE_RATE_LIMIT_PER_DEVICE = 300;

  /** Requests per window from one client address without valid credentials (guessing keys). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EDGEPLANE_RATE_LIMIT_PER_ANONYMOUS_IP = 120;

  /**
   * Which proxies in front of the controller are trusted to say the client's address in
   * X-Forwarded-For (Express "trust proxy"): `false` (none: the socket's peer is the client), `true`
   * (any; only behind a proxy that overwrites the header), a number of hops, or a comma-separated
   * list of addresses, CIDR ranges and `loopback`, `linklocal`, `uniquelocal`.
   */
  @IsTrustProxy()
  EDGEPLANE_TRUST_PROXY = 'false';

  /**
   * Folder of the built web console (`npm run build` writes dist/console), served at /console.
   * Unset: dist/console of the installed package. A folder without index.html turns the console off.
   */
  @IsOptional()
  @IsString()
  EDGEPLANE_CONSOLE_DIR?: string;

  /** Days audit events are kept; older ones are deleted hourly. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EDGEPLANE_AUDIT_RETENTION_DAYS = 400;

  /** Interface the HTTP API binds to. */
  @IsString()
  EDGEPLANE_HTTP_HOST = '0.0.0.0';

  /** Port of the HTTP API; 0 picks a free one (tests). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  EDGEPLANE_HTTP_PORT = 8080;

  /**
   * PEM certificate (chain) the HTTP API serves over HTTPS, with EDGEPLANE_HTTP_TLS_KEY_FILE. Unset,
   * the API speaks plain HTTP (for a TLS-terminating proxy in front, or a laptop). Read at start-up:
   * a renewed certificate takes a restart.
   */
  @IsOptional()
  @IsString()
  EDGEPLANE_HTTP_TLS_CERT_FILE?: string;

  /** PEM private key of EDGEPLANE_HTTP_TLS_CERT_FILE. */
  @IsOptional()
  @IsString()
  EDGEPLANE_HTTP_TLS_KEY_FILE?: string;

  /** Largest JSON request body accepted, in bytes; larger bodies get 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  EDGEPLANE_JSON_BODY_LIMIT = 1024 * 1024;

  /** Largest model file accepted by an upload, in bytes (default 2 GiB); larger uploads get 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  EDGEPLANE_MODEL_UPLOAD_LIMIT = 2 * 1024 * 1024 * 1024;

  /** Directory for the controller's files: the artifact store and the bootstrap key. */
  @IsString()
  @MinLength(1)
  EDGEPLANE_DATA_DIR = './var';

  /**
   * Token for the first admin key, created on first start when no admin key exists. Without it a
   * random token is generated and written to `<data dir>/bootstrap-admin.key`.
   */
  @IsOptional()
  @Matches(/^epk_[A-Za-z0-9_-]{32,}$/, {
    message: 'must look like epk_ followed by at least 32 URL-safe characters',
  })
  EDGEPLANE_BOOTSTRAP_ADMIN_KEY?: string;

  /**
   * Bearer token Prometheus sends to GET /metrics (`Authorization: Bearer <token>`), at least 32
   * characters without spaces. Unset: /metrics answers 404 (metrics off).
   */
  @ValidateIf((config: EdgeplaneConfig) => config.EDGEPLANE_METRICS_TOKEN !== undefined || config.EDGEPLANE_COMPILER_METRICS_PORT !== undefined)
  @IsString({ message: 'is required when EDGEPLANE_COMPILER_METRICS_PORT is set' })
  @Matches(/^\S{32,}$/, { message: 'must be at least 32 characters without spaces (e.g. openssl rand -base64 32)' })
  EDGEPLANE_METRICS_TOKEN?: string;

  /**
   * Port on which a compiler process serves GET /metrics (the compiler has no other HTTP server),
   * on EDGEPLANE_HTTP_HOST, with the same scrape token. Unset: the compiler serves no metrics.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EDGEPLANE_COMPILER_METRICS_PORT?: number;

  /**
   * Directory of the controller's ed25519 signing keys, one PKCS#8 PEM file per key named
   * `<key id>.pem` (mode 0600, outside the database). Unset: `<data dir>/signing-keys`, where a first
   * key is generated when there is none (development and the demo; production provisions its keys).
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  EDGEPLANE_SIGNING_KEYS_DIR?: string;

  /** Id of the key that signs variants not signed yet; may be left unset while the directory holds one key. */
  @IsOptional()
  @Matches(SIGNING_KEY_ID_PATTERN, { message: 'must be a key id: 1-63 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit' })
  EDGEPLANE_SIGNING_KEY_ID?: string;

  /** pino log level. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** `pretty` for humans at a terminal, `json` for log collectors. */
  @IsIn(['json', 'pretty'])
  LOG_FORMAT = 'json';
}
