import { Client } from 'pg';

/**
 * Custom hardware profiles a real fleet adds next to the four built-in ones (POST /hardware-profiles),
 * so that devices spread over six profiles as they would.
 */
export const FLEET_CUSTOM_PROFILES = [
  { name: 'jetson-orin', class: 'gpu', description: 'NVIDIA Jetson Orin NX 16 GB' },
  { name: 'hailo-8', class: 'asic', description: 'Hailo-8 M.2 accelerator on an ARM gateway' },
] as const;

/**
 * The fleet, set-based in one statement per table: provisioning 100,000 devices through the API one
 * by one takes far longer than the whole benchmark may. The rows are what Edgeplane itself writes:
 * - `devices`, `device_labels`, `device_credentials` as DeviceRepository.create does on provisioning
 *   (UUIDv7 ids from the creation time, status `provisioned`, one active credential whose
 *   `secret_hash` is the SHA-256 hex of a fresh `epd_` + 43 base64url token, as newDeviceSecret makes
 *   and then forgets);
 * - for the 95 % that have connected since, the presence columns as DeviceStateRepository.markOnline
 *   and markOffline leave them (status, presence session and time, agent version, capabilities,
 *   last seen). Their status-event history is left out: listing devices never reads it.
 * Hashes (hashtext) of the device number pick site, tier, camera and profile, so every run seeds the
 * same fleet and a selector's matches are scattered over the name order, as in a real registry.
 */
const SEED_SQL = `
-- UUIDv7 as Prisma's uuid(7) default makes it: 48-bit Unix milliseconds, version 7, random bits.
CREATE FUNCTION pg_temp.uuid_v7(at timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    PLACING substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;

CREATE TEMP TABLE fleet ON COMMIT DROP AS
WITH numbered AS (
  SELECT n,
    date_trunc('milliseconds', now() - make_interval(secs => ($1 - n) * 315.36)) AS created_at,
    abs(hashtext('site' || n)) % 200 AS site_no,
    abs(hashtext('tier' || n)) % 100 AS tier_pick,
    abs(hashtext('camera' || n)) % 100 AS camera_pick,
    abs(hashtext('profile' || n)) % 100 AS profile_pick,
    abs(hashtext('status' || n)) % 100 AS status_pick
  FROM generate_series(1, $1) AS n
), described AS (
  SELECT numbered.*,
    (ARRAY['eu-west','eu-central','us-east','us-west','ap-south','ap-east','sa-east','af-south'])[site_no % 8 + 1] AS region,
    CASE WHEN tier_pick < 90 THEN 'prod' WHEN tier_pick < 95 THEN 'canary' ELSE 'staging' END AS tier,
    CASE WHEN camera_pick < 50 THEN 'fixed' WHEN camera_pick < 75 THEN 'ptz' WHEN camera_pick < 90 THEN 'thermal' ELSE 'fisheye' END AS camera,
    CASE WHEN profile_pick < 40 THEN 'cpu' WHEN profile_pick < 65 THEN 'gpu' WHEN profile_pick < 80 THEN 'jetson-orin'
         WHEN profile_pick < 85 THEN 'fpga' WHEN profile_pick < 90 THEN 'asic' ELSE 'hailo-8' END AS hardware_profile,
    CASE WHEN status_pick < 70 THEN 'online' WHEN status_pick < 95 THEN 'offline' ELSE 'provisioned' END AS status
  FROM numbered
)
SELECT described.*,
  'site-' || lpad((site_no + 1)::text, 3, '0') AS site,
  pg_temp.uuid_v7(created_at) AS id,
  CASE WHEN status = 'provisioned' THEN NULL
       ELSE date_trunc('milliseconds', now() - make_interval(secs => CASE WHEN status = 'online' THEN n % 60 ELSE 3600 + n % 86400 END)) END AS seen_at
FROM described;

INSERT INTO devices (id, name, hardware_profile, status, last_seen_at, agent_version, capabilities, created_at, updated_at, presence_session, presence_at)
SELECT id, 'cam-' || lpad(n::text, 6, '0'), hardware_profile, status::"DeviceStatus", seen_at,
  CASE WHEN seen_at IS NULL THEN NULL ELSE (ARRAY['0.9.2','0.9.3','1.0.0'])[n % 3 + 1] END,
  CASE WHEN seen_at IS NULL THEN NULL ELSE jsonb_build_object(
    'cpuArch', CASE WHEN hardware_profile IN ('cpu', 'gpu', 'fpga') THEN 'x64' ELSE 'arm64' END,
    'cpuCores', CASE WHEN hardware_profile IN ('cpu', 'gpu') THEN 8 ELSE 4 END,
    'memoryBytes', CASE WHEN hardware_profile IN ('gpu', 'jetson-orin') THEN 17179869184 ELSE 8589934592 END,
    'accelerators', CASE hardware_profile WHEN 'gpu' THEN '["cuda:T4"]' WHEN 'jetson-orin' THEN '["cuda:Orin"]'
      WHEN 'hailo-8' THEN '["hailo8"]' WHEN 'fpga' THEN '["xilinx:KV260"]' WHEN 'asic' THEN '["edgetpu"]' ELSE '[]' END::jsonb,
    'executionProviders', CASE WHEN hardware_profile IN ('gpu', 'jetson-orin') THEN '["CUDAExecutionProvider","CPUExecutionProvider"]'
      ELSE '["CPUExecutionProvider"]' END::jsonb) END,
  created_at, coalesce(seen_at, created_at),
  CASE WHEN seen_at IS NULL THEN NULL ELSE gen_random_uuid() END, seen_at
FROM fleet;

INSERT INTO device_labels (device_id, key, value)
SELECT id, label.key, label.value
FROM fleet CROSS JOIN LATERAL (VALUES
  ('site', site), ('region', region), ('tier', tier), ('camera', camera),
  -- A third of the cameras belong to a named team; only GPU-class devices carry the bare \`gpu\` label.
  ('owner', CASE n % 3 WHEN 0 THEN (ARRAY['traffic','retail','safety'])[n % 9 / 3 + 1] END),
  ('gpu', CASE WHEN hardware_profile IN ('gpu', 'jetson-orin') THEN '' END)
) AS label(key, value)
WHERE label.value IS NOT NULL;

INSERT INTO device_credentials (id, device_id, secret_hash, created_at)
SELECT pg_temp.uuid_v7(created_at), id, encode(sha256(convert_to('epd_' || rtrim(translate(encode(
  uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'base64'), '+/', '-_'), '='), 'UTF8')), 'hex'), created_at
FROM fleet;
`;

/**
 * Seeds `count` devices into the installation's database, then vacuums and analyses the tables as
 * autovacuum would have long done on a registry that grew to this size; left to autovacuum, that work
 * would start in the middle of the measurement. Returns the label rows written.
 */
export async function seedFleet(databaseUrl: string, count: number): Promise<{ labels: number }> {
  // A multi-statement query cannot take parameters: the count goes in as a checked integer.
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`fleet size must be a positive integer, got ${count}`);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(SEED_SQL.replaceAll('$1', String(count)));
    await client.query('COMMIT');
    await client.query('VACUUM (ANALYZE) devices, device_labels, device_credentials');
    const { rows } = await client.query<{ labels: string }>('SELECT count(*) AS labels FROM device_labels');
    return { labels: Number(rows[0].labels) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
