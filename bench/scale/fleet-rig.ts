import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { CompileJobView } from '@edgeplane/contracts';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { newDeviceSecret } from '../../libs/registry/src/devices/device-secret';
import type { FleetDevice } from '../fleet/fleet-messages';
import { SimulatedFleet } from '../fleet/simulated-fleet';
import { InstallationUnderBench } from '../support/installation-under-bench';

export const MQTT_URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
/** The model the fleet is given: the smallest real model, so that the benchmark is about the fleet, not the compiler. */
export const FLEET_MODEL = 'cls';
/** Every simulated device carries this label, so a deployment can target exactly the fleet. */
export const FLEET_SELECTOR = 'fleet=bench';

export interface FleetRigOptions {
  devices: number;
  /** Worker processes the devices are spread over. */
  processes: number;
  /** New MQTT connections per second, all workers together. */
  connectPerSecond: number;
}

/** Seconds each preparation step took, for the notes. */
export interface RigTimings {
  compileS: number;
  provisionS: number;
  connectS: number;
  allOnlineS: number;
}

/**
 * One Edgeplane installation with a fleet of simulated devices, shared by the fan-out, memory and
 * telemetry benchmarks (provisioning and connecting 10,000 devices is the slow part, so it is done
 * once): the built controller on a fresh database, `cls` uploaded and compiled by one built compiler
 * process, the devices provisioned through the API and connected, each `online`.
 */
export class FleetRig {
  readonly installation = new InstallationUnderBench();
  fleet?: SimulatedFleet;
  devices: FleetDevice[] = [];
  /** The accepted `cpu` variant of cls, which the deployment gives every device. */
  variantId = '';
  /** Devices whose `online` the controller applied. */
  announced = 0;
  readonly timings: RigTimings = { compileS: 0, provisionS: 0, connectS: 0, allOnlineS: 0 };
  private stopped?: Promise<void>;

  constructor(readonly options: FleetRigOptions) {}

  get name(): string {
    return this.installation.name;
  }

  async start(signal: AbortSignal, log: (line: string) => void): Promise<void> {
    // Simulated devices send nothing between benchmarks (an agent sends telemetry every 10 s): with the
    // default 35 s the controller would mark them offline while the fan-out waits for them.
    // A persistent ingest session, as production should run (README): when the controller stops reading
    // at its limit longer than MQTT's keep-alive, its client reconnects, and a clean session would
    // make the broker drop everything queued for it.
    await this.installation.start({ EDGEPLANE_DEVICE_OFFLINE_AFTER_MS: String(3_600_000), EDGEPLANE_MQTT_CLIENT_ID: `${this.installation.name}-ingest` });
    let started = performance.now();
    this.variantId = await this.compileModel(signal);
    this.timings.compileS = seconds(started);
    log(`${FLEET_MODEL} compiled in ${this.timings.compileS.toFixed(1)} s; provisioning ${this.options.devices} devices`);
    started = performance.now();
    this.devices = await this.provision(signal);
    this.timings.provisionS = seconds(started);
    log(`provisioned in ${this.timings.provisionS.toFixed(1)} s; connecting them over ${this.options.processes} processes`);
    signal.throwIfAborted();
    started = performance.now();
    this.fleet = new SimulatedFleet(MQTT_URL, this.devices, this.options.processes);
    const progress = setInterval(() => {
      void this.fleet?.counts().then((counts) => log(`${counts.connected} connected (${counts.connectRetries} attempts repeated)`), () => undefined);
    }, 15_000);
    try {
      await abortable(this.fleet.connect(this.options.connectPerSecond), signal);
    } finally {
      clearInterval(progress);
    }
    this.timings.connectS = seconds(started);
    this.announced = await this.untilPresenceSettles(signal);
    this.timings.allOnlineS = seconds(started);
    log(`connected in ${this.timings.connectS.toFixed(1)} s, ${this.announced} online in the registry after ${this.timings.allOnlineS.toFixed(1)} s`);
  }

  /** Runs `work` with a connection to the installation's database (read-only use: counts and timestamps). */
  async query<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.installation.databaseUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  /** Stops the controller first (so it publishes nothing more), then the fleet, which clears the retained messages. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      try {
        await this.installation.stop();
      } finally {
        await this.fleet?.close();
      }
    })();
    return this.stopped;
  }

  private async compileModel(signal: AbortSignal): Promise<string> {
    await this.installation.uploadModel(FLEET_MODEL, readFileSync(REAL_MODEL_FILES.cls));
    const compilers = await this.installation.startCompilers(1);
    try {
      await this.installation.requestCompile(FLEET_MODEL);
      for (;;) {
        signal.throwIfAborted();
        const jobs = await this.installation.variants(FLEET_MODEL, signal);
        const cpu = jobs.find((job: CompileJobView) => job.hardwareProfile === 'cpu');
        if (cpu && cpu.status !== 'queued' && cpu.status !== 'compiling') {
          if (cpu.status !== 'accepted') throw new Error(`the cpu variant of ${FLEET_MODEL} was not accepted: ${cpu.status} ${cpu.reason ?? ''}`);
          // The job id is the variant id.
          return cpu.id;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await this.installation.stopProcesses(compilers);
    }
  }

  /**
   * Writes, set-based, exactly what POST /devices writes for each device (DevicesService.provision:
   * the device with a UUIDv7 id, its labels, its first credential with the SHA-256 of a fresh
   * secret) — POST /devices one by one took about 20 ms each on this shared machine (16 in
   * parallel: 40–60 a second), several minutes of the 15 the whole run may take for 10,000 devices.
   */
  private async provision(signal: AbortSignal): Promise<FleetDevice[]> {
    signal.throwIfAborted();
    const devices = Array.from({ length: this.options.devices }, () => ({ id: uuidV7(), ...newDeviceSecret() }));
    await this.query(async (client) => {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO devices (id, name, hardware_profile, created_at, updated_at)
         SELECT id, 'bench-device-' || lpad(n::text, 5, '0'), 'cpu', now(), now() FROM unnest($1::uuid[]) WITH ORDINALITY AS d(id, n)`,
        [devices.map(({ id }) => id)],
      );
      await client.query(`INSERT INTO device_labels (device_id, key, value) SELECT id, 'fleet', 'bench' FROM unnest($1::uuid[]) AS d(id)`, [devices.map(({ id }) => id)]);
      await client.query(
        `INSERT INTO device_credentials (id, device_id, secret_hash) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])`,
        [devices.map(() => uuidV7()), devices.map(({ id }) => id), devices.map(({ hash }) => hash)],
      );
      await client.query('COMMIT');
    });
    return devices.map(({ id, token }) => ({ id, secret: token }));
  }

  /**
   * Until the controller has taken every device's `online` (status messages are applied one by one),
   * or no more come for 10 s: the broker drops what the controller's subscription cannot take in
   * time (Mosquitto's max_queued_messages), and such a device stays unannounced. Returns the count.
   */
  private async untilPresenceSettles(signal: AbortSignal): Promise<number> {
    const deadline = Date.now() + 180_000;
    let announced = -1;
    let lastChange = Date.now();
    for (;;) {
      signal.throwIfAborted();
      const now = await this.query(async (client) => Number((await client.query(`SELECT count(*) AS n FROM devices WHERE presence_session IS NOT NULL`)).rows[0].n));
      if (now !== announced) lastChange = Date.now();
      announced = now;
      if (announced >= this.options.devices || Date.now() - lastChange > 10_000 || Date.now() > deadline) return announced;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits — what Prisma's uuid(7) gives a new device. */
function uuidV7(): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/** `work`, or a rejection as soon as `signal` aborts (the work itself is stopped by the clean-up). */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
