import { type ChildProcess, fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { DeviceChannel, deviceTopic, PROTOCOL_QOS } from '@edgeplane/contracts';
import type { AnswerMode, FleetCommand, FleetCounts, FleetDevice, FleetReply, FleetRequest } from './fleet-messages';

const WORKER = join(__dirname, 'fleet-worker.ts');

/**
 * Simulated devices over real MQTT connections, spread over `processes` child processes
 * (bench/fleet/fleet-worker.ts) so that one Node event loop does not bound what the broker and the
 * controller are measured at. The parent only sends commands and adds up the counts.
 * `close` ends every connection, stops the workers and clears the retained messages of every device
 * (status and desired) on the shared broker, also when a worker died.
 */
export class SimulatedFleet {
  private readonly workers: ChildProcess[] = [];
  private readonly shares: FleetDevice[][];
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private closed?: Promise<void>;

  constructor(
    private readonly brokerUrl: string,
    readonly devices: FleetDevice[],
    processes: number,
  ) {
    this.shares = Array.from({ length: processes }, (_, index) => devices.filter((_, at) => at % processes === index));
    for (const _ of this.shares) {
      const worker = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      worker.on('message', (reply: FleetReply) => this.settle(reply));
      worker.on('exit', (code, signal) => {
        for (const [id, waiter] of this.waiting) {
          waiter.reject(new Error(`fleet worker ${worker.pid} exited (${code ?? signal}) with a command pending`));
          this.waiting.delete(id);
        }
      });
      this.workers.push(worker);
    }
  }

  /** Connects every device, `perSecond` in all, and resolves once each has subscribed and announced itself `online`. */
  async connect(perSecond: number): Promise<void> {
    const each = perSecond / this.workers.length;
    await Promise.all(this.workers.map((worker, index) => this.send(worker, { kind: 'connect', brokerUrl: this.brokerUrl, devices: this.shares[index], perSecond: each })));
  }

  async answer(mode: AnswerMode): Promise<void> {
    await this.broadcast({ kind: 'answer', mode });
  }

  /** Every device publishes telemetry until `untilMs`; resolves once the publishes have been acknowledged. */
  async telemetry(command: Omit<Extract<FleetCommand, { kind: 'telemetry' }>, 'kind'>): Promise<void> {
    // While publishing flat out the load generator takes only the CPU the system under test leaves:
    // on a 2-core machine, devices at normal priority would starve the controller, PostgreSQL and the
    // broker. Not while connecting: a starved device misses its CONNACK.
    this.prioritise(19);
    try {
      await this.broadcast({ kind: 'telemetry', ...command });
    } finally {
      this.prioritise(0);
    }
  }

  private prioritise(niceness: number): void {
    for (const worker of this.workers) if (worker.exitCode === null && worker.signalCode === null) setPriority(worker.pid!, niceness);
  }

  /** The counts of all workers added up; times are the earliest first and the latest last. */
  async counts(): Promise<FleetCounts> {
    const all = (await this.broadcast({ kind: 'counts' })) as FleetCounts[];
    const sum = (key: keyof FleetCounts) => all.reduce((total, counts) => total + (counts[key] ?? 0), 0);
    const earliest = (key: keyof FleetCounts) => minOrNull(all.map((counts) => counts[key]), Math.min);
    const latest = (key: keyof FleetCounts) => minOrNull(all.map((counts) => counts[key]), Math.max);
    return {
      connected: sum('connected'),
      desiredDevices: sum('desiredDevices'),
      firstDesiredAt: earliest('firstDesiredAt'),
      lastDesiredAt: latest('lastDesiredAt'),
      desiredBytes: latest('desiredBytes') ?? 0,
      activeAcked: sum('activeAcked'),
      lastActiveAckAt: latest('lastActiveAckAt'),
      reportBytes: latest('reportBytes') ?? 0,
      echoesAcked: sum('echoesAcked'),
      telemetrySent: sum('telemetrySent'),
      telemetryAcked: sum('telemetryAcked'),
      telemetryFailed: sum('telemetryFailed'),
      firstTelemetryAt: earliest('firstTelemetryAt'),
      lastTelemetryAckAt: latest('lastTelemetryAckAt'),
      telemetryBytes: latest('telemetryBytes') ?? 0,
      disconnects: sum('disconnects'),
      connectRetries: sum('connectRetries'),
    };
  }

  /** Safe to call more than once and after a failure half-way: every caller waits for the one clean-up. */
  close(): Promise<void> {
    this.closed ??= this.closeEverything();
    return this.closed;
  }

  private async closeEverything(): Promise<void> {
    const alive = this.workers.filter((worker) => worker.connected);
    await Promise.race([Promise.allSettled(alive.map((worker) => this.send(worker, { kind: 'close' }))), new Promise((resolve) => setTimeout(resolve, 30_000))]);
    await Promise.all(this.workers.map(stopWorker));
    await clearRetained(this.brokerUrl, this.devices.map(({ id }) => id));
  }

  private broadcast(command: FleetCommand): Promise<unknown[]> {
    return Promise.all(this.workers.map((worker) => this.send(worker, command)));
  }

  private send(worker: ChildProcess, command: FleetCommand): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!worker.connected) return reject(new Error(`fleet worker ${worker.pid} is gone`));
      this.waiting.set(id, { resolve, reject });
      worker.send({ id, command } satisfies FleetRequest);
    });
  }

  private settle(reply: FleetReply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new Error(`fleet worker: ${reply.error}`));
  }
}

function minOrNull(values: Array<number | null>, pick: (...values: number[]) => number): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : pick(...present);
}

async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.kill('SIGTERM');
  const killer = setTimeout(() => worker.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}

/**
 * Retained messages outlive the run on the shared broker: the devices' `online` (or will), the
 * desired states the controller (or a floor) published. An empty retained payload removes each.
 */
export async function clearRetained(brokerUrl: string, deviceIds: string[]): Promise<void> {
  if (deviceIds.length === 0) return;
  const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 5, reconnectPeriod: 0, clientId: `edgeplane-bench-clear-${process.pid}` });
  try {
    const topics = deviceIds.flatMap((id) => [deviceTopic(id, DeviceChannel.Status), deviceTopic(id, DeviceChannel.Desired)]);
    await Promise.all(topics.map((topic) => client.publishAsync(topic, '', { qos: PROTOCOL_QOS, retain: true })));
  } finally {
    await client.endAsync();
  }
}
