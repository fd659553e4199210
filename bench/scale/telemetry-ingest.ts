import mqtt from 'mqtt';
import { PROTOCOL_QOS, sharedSubscription } from '@edgeplane/contracts';
import { machineBusySeconds } from '../compile/machine';
import type { FleetCounts } from '../fleet/fleet-messages';
import { type FleetRig, MQTT_URL } from './fleet-rig';
import type { ScaleSection } from './scale-result';

const TARGET_SHARE = 0.7;
const TARGET_LAG_P99_S = 2;
/** The 60 s of telemetry from every device. */
const INGEST_SECONDS = 60;
/**
 * The floor publishes for less than 60 s: the broker's delivery rate is steady after a few seconds
 * (no database, no batches, nothing that fills up), and the whole run must fit in 15 minutes.
 */
const FLOOR_SECONDS = 20;
/** QoS 1 publishes each device keeps unacknowledged: the devices send as fast as the broker acknowledges. */
const IN_FLIGHT_PER_DEVICE = 2;
/**
 * After the devices stop, how long stored rows may keep coming in (a controller behind the broker).
 * 10,000 devices send 400,000–730,000 messages in the 60 s; at 2,500–2,700 stored a second the
 * controller needs up to ≈ 4 min more. With 120 s, a run counted 235,638 messages still queued at the
 * broker for the controller's persistent session as lost.
 */
const DRAIN_BOUND_MS = 300_000;

interface RateFigures {
  /** Messages the broker acknowledged to the devices. */
  acked: number;
  sent: number;
  failed: number;
  /** Messages that reached the subscriber (floor) or rows in telemetry_messages (Edgeplane). */
  arrived: number;
  /** arrived ÷ (last arrival − first send), per second. */
  perSecond: number;
  spanS: number;
  bytes: number;
}

interface IngestFigures extends RateFigures {
  /** Accepted telemetry messages according to the controller's own counters (GET /ingest/stats). */
  acceptedByController: number | null;
  lagS: { p50: number; p95: number; p99: number; max: number };
  drainedS: number;
  /** CPU seconds of the controller and of the whole machine (2 cores: 2 s per wall second at most) from the first send to the end of the drain. */
  cpu: { controllerS: number; machineS: number; wallS: number };
}

/**
 * Benchmark 2, telemetry ingest: every device publishes valid telemetry (QoS 1, a bounded in-flight
 * window per connection) for 60 s as fast as the broker acknowledges; Edgeplane's rate is the rows
 * stored in telemetry_messages per second, counted against the messages the broker acknowledged to the
 * devices (lost = acknowledged − stored). Its floor, in the same run: the same devices publishing the
 * same messages on topics only one plain subscriber (a shared subscription, like the controller's)
 * takes, counting what it is delivered.
 */
export async function benchTelemetryIngest(rig: FleetRig, signal: AbortSignal, log: (line: string) => void): Promise<ScaleSection> {
  const floor = await measureFloor(rig, signal);
  log(`telemetry floor: ${Math.round(floor.perSecond)} msg/s (${floor.arrived} of ${floor.acked} delivered)`);
  const ingest = await measureIngest(rig, signal, log);
  log(`telemetry ingest: ${Math.round(ingest.perSecond)} rows/s, ${ingest.acked - ingest.arrived} lost, lag p99 ${ingest.lagS.p99.toFixed(2)} s`);
  const n = rig.devices.length;
  const share = ingest.perSecond / floor.perSecond;
  const lost = ingest.acked - ingest.arrived;
  const rate = (value: number) => `${Math.round(value).toLocaleString('en')} msg/s`;
  return {
    rows: [
      {
        benchmark: `Telemetry ingest, ${n.toLocaleString('en')} devices, ${INGEST_SECONDS} s`,
        measured: `${rate(ingest.perSecond)} stored`,
        floor: `${rate(floor.perSecond)} delivered`,
        ratio: Number(share.toFixed(2)),
        target: `≥ ${TARGET_SHARE * 100} % of floor`,
        met: share >= TARGET_SHARE,
      },
      {
        benchmark: 'Telemetry ingest: lost messages',
        measured: `${lost.toLocaleString('en')} of ${ingest.acked.toLocaleString('en')}`,
        floor: `${(floor.acked - floor.arrived).toLocaleString('en')} of ${floor.acked.toLocaleString('en')}`,
        ratio: null,
        target: '0 lost',
        met: lost === 0,
      },
      {
        benchmark: 'Telemetry ingest: lag (stored − sent), p99',
        measured: `p99 ${ingest.lagS.p99.toFixed(2)} s`,
        floor: null,
        ratio: null,
        target: `p99 ≤ ${TARGET_LAG_P99_S} s`,
        met: ingest.lagS.p99 <= TARGET_LAG_P99_S,
      },
    ],
    notes: [
      `Telemetry: ${n} devices, each keeping ${IN_FLIGHT_PER_DEVICE} QoS 1 publishes in flight, messages of ${ingest.bytes} bytes (one variant with its DDSketch). ` +
        `Edgeplane: ${ingest.sent} sent, ${ingest.acked} acknowledged by the broker, ${ingest.failed} failed at the device; ` +
        `${ingest.acceptedByController ?? '?'} accepted by the controller (its ingest counters), ${ingest.arrived} rows stored; ` +
        `rate = rows ÷ (last row's received_at − first send) = ${ingest.arrived} ÷ ${ingest.spanS.toFixed(1)} s; the last row came ${ingest.drainedS.toFixed(1)} s after the devices stopped.`,
      `Lag = received_at − windowEnd of each stored row (the simulator ends each window when it sends it; the table keeps no sentAt): ` +
        `p50 ${ingest.lagS.p50.toFixed(2)} s, p95 ${ingest.lagS.p95.toFixed(2)} s, p99 ${ingest.lagS.p99.toFixed(2)} s, max ${ingest.lagS.max.toFixed(2)} s. ` +
        'received_at is taken when the batch holding the message starts its transaction, so the commit (≤ one batch write) is not in it.',
      `CPU from the first send to the last row: controller ${ingest.cpu.controllerS.toFixed(0)} s, whole machine ${ingest.cpu.machineS.toFixed(0)} s of ${(2 * ingest.cpu.wallS).toFixed(0)} s available (2 cores × ${ingest.cpu.wallS.toFixed(0)} s wall; the rest: PostgreSQL, Mosquitto, the devices at nice 19, other people's work).`,
      `Telemetry floor: the same devices and messages for ${FLOOR_SECONDS} s (not ${INGEST_SECONDS} s: the broker's delivery rate is steady after a few seconds, and the run must fit in 15 minutes) ` +
        `to one plain subscriber: ${floor.acked} acknowledged, ${floor.arrived} delivered in ${floor.spanS.toFixed(1)} s.`,
    ],
  };
}

async function measureFloor(rig: FleetRig, signal: AbortSignal): Promise<RateFigures> {
  const prefix = `edgeplane-bench/${rig.name}/telemetry-floor`;
  const subscriber = await mqtt.connectAsync(MQTT_URL, { protocolVersion: 5, reconnectPeriod: 0, clientId: `${rig.name}-telemetry-floor` });
  try {
    let arrived = 0;
    let lastArrival = 0;
    subscriber.on('message', () => {
      arrived++;
      lastArrival = Date.now();
    });
    await subscriber.subscribeAsync(sharedSubscription(`${rig.name}-floor`, `${prefix}/+/telemetry`), { qos: PROTOCOL_QOS });
    await rig.fleet!.telemetry({ untilMs: Date.now() + FLOOR_SECONDS * 1000, topicPrefix: prefix, variantId: rig.variantId, inFlight: IN_FLIGHT_PER_DEVICE });
    // Until nothing more arrives for a second.
    let seen = -1;
    while (seen !== arrived) {
      signal.throwIfAborted();
      seen = arrived;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return rateFigures(await rig.fleet!.counts(), arrived, lastArrival);
  } finally {
    await subscriber.endAsync();
  }
}

async function measureIngest(rig: FleetRig, signal: AbortSignal, log: (line: string) => void): Promise<IngestFigures> {
  const acceptedBefore = await acceptedTelemetry(rig);
  const cpuBefore = { controller: rig.installation.controller.cpuSeconds(), machine: machineBusySeconds(), at: performance.now() };
  await rig.fleet!.telemetry({ untilMs: Date.now() + INGEST_SECONDS * 1000, topicPrefix: null, variantId: rig.variantId, inFlight: IN_FLIGHT_PER_DEVICE });
  const sent = await rig.fleet!.counts();
  const acked = sent.telemetryAcked;
  const stopped = Date.now();
  // Until every acknowledged message is a row, or no row has come for 10 s, or the bound.
  let rows = 0;
  let lastGrowth = Date.now();
  while (rows < acked && Date.now() - lastGrowth < 10_000 && Date.now() - stopped < DRAIN_BOUND_MS) {
    signal.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await countRows(rig);
    if (now > rows) lastGrowth = Date.now();
    rows = now;
    log(`telemetry ingest: ${rows} of ${acked} stored`);
  }
  const stored = await rig.query(async (client) => {
    const { rows: [figures] } = await client.query(
      `SELECT count(*) AS n, max(received_at) AS last,
              percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM received_at - window_end)) AS lag,
              max(extract(epoch FROM received_at - window_end)) AS lag_max
       FROM telemetry_messages`,
    );
    return figures as { n: string; last: Date | null; lag: number[] | null; lag_max: string | null };
  });
  const acceptedAfter = await acceptedTelemetry(rig);
  const cpu = {
    controllerS: rig.installation.controller.cpuSeconds() - cpuBefore.controller,
    machineS: machineBusySeconds() - cpuBefore.machine,
    wallS: (performance.now() - cpuBefore.at) / 1000,
  };
  const figures = rateFigures(sent, Number(stored.n), stored.last?.getTime() ?? 0);
  const [p50, p95, p99] = stored.lag ?? [NaN, NaN, NaN];
  return {
    ...figures,
    acceptedByController: acceptedBefore === null || acceptedAfter === null ? null : acceptedAfter - acceptedBefore,
    lagS: { p50, p95, p99, max: Number(stored.lag_max ?? NaN) },
    drainedS: stored.last ? (stored.last.getTime() - stopped) / 1000 : NaN,
    cpu,
  };
}

function rateFigures(round: FleetCounts, arrived: number, lastArrival: number): RateFigures {
  const spanS = (lastArrival - (round.firstTelemetryAt ?? NaN)) / 1000;
  return { acked: round.telemetryAcked, sent: round.telemetrySent, failed: round.telemetryFailed, arrived, perSecond: arrived / spanS, spanS, bytes: round.telemetryBytes };
}

async function countRows(rig: FleetRig): Promise<number> {
  return rig.query(async (client) => Number((await client.query('SELECT count(*) AS n FROM telemetry_messages')).rows[0].n));
}

async function acceptedTelemetry(rig: FleetRig): Promise<number | null> {
  const stats = (await rig.installation.api('GET', '/ingest/stats').catch(() => null)) as { accepted?: Record<string, number> } | null;
  return stats ? (stats.accepted?.telemetry ?? 0) : null;
}
