import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import mqtt from 'mqtt';
import { Client } from 'pg';

const ROOT = join(__dirname, '..', '..');

/** "Edgeplane 0.1.0 (fb55195); PostgreSQL 15.14; Redis 7.0.15; Mosquitto 2.0.11; mqtt.js 5.16.0." — what the numbers were measured on. */
export async function versionsLine(): Promise<string> {
  const version = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')).version as string;
  const commit = safe(() => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim());
  const [postgres, redis, mosquitto] = await Promise.all([safeAsync(postgresVersion), safeAsync(redisVersion), safeAsync(mosquittoVersion)]);
  return `Edgeplane ${version('package.json')} (${commit}); PostgreSQL ${postgres}; Redis ${redis}; Mosquitto ${mosquitto}; mqtt.js ${version('node_modules/mqtt/package.json')}.`;
}

async function postgresVersion(): Promise<string> {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    return (await client.query('SHOW server_version')).rows[0].server_version as string;
  } finally {
    await client.end();
  }
}

async function redisVersion(): Promise<string> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  try {
    return /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
  } finally {
    redis.disconnect();
  }
}

/** From the broker's own `$SYS/broker/version` (e.g. "mosquitto version 2.0.11"). */
async function mosquittoVersion(): Promise<string> {
  const client = await mqtt.connectAsync(process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883', { reconnectPeriod: 0, connectTimeout: 5_000 });
  try {
    const version = new Promise<string>((resolve) => client.once('message', (_topic, payload) => resolve(payload.toString().replace(/^mosquitto version /, ''))));
    await client.subscribeAsync('$SYS/broker/version');
    return await Promise.race([version, new Promise<string>((resolve) => setTimeout(() => resolve('?'), 3_000))]);
  } finally {
    await client.endAsync();
  }
}

function safe(read: () => string): string {
  try {
    return read();
  } catch {
    return '?';
  }
}

async function safeAsync(read: () => Promise<string>): Promise<string> {
  return read().catch(() => '?');
}
