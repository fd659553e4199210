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
} from 'class-validator';

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

  /** Interface the HTTP API binds to. */
  @IsString()
  EDGEPLANE_HTTP_HOST = '0.0.0.0';

  /** Port of the HTTP API; 0 picks a free one (tests). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  EDGEPLANE_HTTP_PORT = 8080;

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
