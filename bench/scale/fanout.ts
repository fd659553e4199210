import mqtt from 'mqtt';
import { DeviceChannel, deviceTopic, PROTOCOL_QOS, sharedSubscription } from '@edgeplane/contracts';
import { type FleetRig, FLEET_MODEL, FLEET_SELECTOR, MQTT_URL, seconds } from './fleet-rig';
import type { ScaleSection } from './scale-result';

/** The target: POST /deployments → every device active in ≤ 3× the floor. */
const TARGET_RATIO = 3;
/**
 * On this branch the wave writer writes one device at a time (a rewrite in batches is under way on
 * another branch): a deployment not completed by then is paused and reported as far as it got.
 */
const FANOUT_BOUND_MS = 180_000;
const POLL_MS = 250;

interface FanoutFigures {
  deploymentId: string;
  /** POST sent → deployment `completed` (its finishedAt), null when it did not complete within the bound. */
  completedS: number | null;
  /** POST sent → the last device `active` in the deployment (its row's updatedAt). */
  allActiveS: number | null;
  /** POST sent → the simulator has received every device's desired state. */
  allDesiredS: number | null;
  /** POST sent → the broker acknowledged the last device's `active` report. */
  allReportedS: number | null;
  active: number;
  /** Devices whose `active` report the broker acknowledged. */
  reportedActive: number;
  state: string;
  desiredBytes: number;
  reportBytes: number;
}

/**
 * Benchmark 1, rollout fan-out: one wave of 100 % of the fleet (bake 0, lenient gates), timed from
 * sending POST /deployments until the deployment is `completed` (every device reported `active`),
 * against its floor in the same run: the same number of retained QoS 1 messages of the desired state's
 * size published by one client to the devices' desired topics, each device answering with one QoS 1
 * message of its report's size, until one subscriber has every answer.
 */
export async function benchFanout(rig: FleetRig, signal: AbortSignal, log: (line: string) => void): Promise<ScaleSection> {
  const edgeplane = await measureEdgeplane(rig, signal, log);
  log(`fan-out: completed ${edgeplane.completedS?.toFixed(1) ?? '—'} s, ${edgeplane.reportedActive} reported active; measuring the floor`);
  const floorS = await measureFloor(rig, edgeplane.desiredBytes, edgeplane.reportBytes, signal);
  log(`fan-out floor: ${floorS.toFixed(2)} s`);
  const n = rig.devices.length;
  // Not completed within the bound: the time all devices would take at the rate they reported active
  // (the deployment marks devices active only once the whole wave is written, so its own count stays 0).
  const projectedS = edgeplane.completedS ?? (edgeplane.reportedActive > 0 ? (FANOUT_BOUND_MS / 1000) * (n / edgeplane.reportedActive) : null);
  const ratio = projectedS === null ? null : projectedS / floorS;
  const s = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} s`);
  return {
    rows: [
      {
        benchmark: `Rollout fan-out, ${n.toLocaleString('en')} devices, one wave of 100 %`,
        measured:
          edgeplane.completedS === null
            ? `${edgeplane.reportedActive.toLocaleString('en')} reported active after ${FANOUT_BOUND_MS / 1000} s (paused); all at that rate ≈ ${s(projectedS)}`
            : s(edgeplane.completedS),
        floor: `${floorS.toFixed(2)} s`,
        ratio: ratio === null ? null : round(ratio, 1),
        target: `≤ ${TARGET_RATIO}× floor`,
        met: ratio !== null && ratio <= TARGET_RATIO,
      },
    ],
    notes: [
      `Fan-out: timed from sending POST /deployments (one wave, 100 %, bakeSeconds 0) to the deployment's finishedAt (state ${edgeplane.state}). ` +
        `Meanwhile: every desired state at the devices after ${s(edgeplane.allDesiredS)}, the last \`active\` report acknowledged by the broker after ${s(edgeplane.allReportedS)}, ` +
        `the last device \`active\` in the deployment after ${s(edgeplane.allActiveS)}; ${edgeplane.reportedActive} of ${n} reported active, ${edgeplane.active} active in the deployment.`,
      ...(edgeplane.completedS === null
        ? [`Fan-out not completed within the benchmark's bound of ${FANOUT_BOUND_MS / 1000} s: paused there; the ratio is the projected time (all devices at the rate they became active) over the floor.`]
        : []),
      `Fan-out floor: one client publishes ${n} retained QoS 1 messages of ${edgeplane.desiredBytes} bytes (the size of the controller's desired state) to the devices' desired topics, ` +
        `each device answers with one QoS 1 message of ${edgeplane.reportBytes} bytes (its \`active\` report's size), until one subscriber (shared subscription) has all ${n}.`,
    ],
  };
}

async function measureEdgeplane(rig: FleetRig, signal: AbortSignal, log: (line: string) => void): Promise<FanoutFigures> {
  const fleet = rig.fleet!;
  await fleet.answer({ kind: 'agent' });
  const sentAt = Date.now();
  const started = performance.now();
  const deployment = (await rig.installation.api(
    'POST',
    '/deployments',
    {
      model: { name: FLEET_MODEL, version: 1 },
      target: { selector: FLEET_SELECTOR },
      strategy: { kind: 'all-at-once', bakeSeconds: 0 },
      // Lenient gates: the benchmark measures the fan-out, not a gate decision.
      gates: { maxFailedPercent: 100, maxErrorRate: 1, maxP95LatencyMs: 60_000, minReportedPercent: 0 },
      autoRollback: false,
      deadlineSeconds: 3600,
    },
    signal,
  )) as { id: string };
  let lastLog = performance.now();
  let state = 'running';
  for (;;) {
    signal.throwIfAborted();
    state = await rig.query(async (client) => (await client.query(`SELECT state FROM deployments WHERE id = $1`, [deployment.id])).rows[0].state as string);
    if (state !== 'running') break;
    if (performance.now() - started > FANOUT_BOUND_MS) {
      await rig.installation.api('POST', `/deployments/${deployment.id}/pause`, {}, signal);
      state = 'paused by the benchmark';
      break;
    }
    if (performance.now() - lastLog > 15_000) {
      lastLog = performance.now();
      const counts = await fleet.counts();
      log(`fan-out ${seconds(started).toFixed(0)} s: ${counts.desiredDevices} desired states at the devices, ${counts.activeAcked} active reports`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  // Times from what the controller stored, not from polling: finishedAt and the devices' last update.
  const stored = await rig.query(async (client) => {
    const { rows } = await client.query(
      `SELECT (SELECT finished_at FROM deployments WHERE id = $1) AS finished,
              (SELECT max(updated_at) FROM deployment_devices WHERE deployment_id = $1 AND status = 'active') AS last_active,
              (SELECT count(*) FROM deployment_devices WHERE deployment_id = $1 AND status = 'active') AS active`,
      [deployment.id],
    );
    return rows[0] as { finished: Date | null; last_active: Date | null; active: string };
  });
  // The API's view of the same deployment, so the figure is what an operator sees.
  const view = (await rig.installation.api('GET', `/deployments/${deployment.id}`, undefined, signal)) as { state: string };
  const counts = await fleet.counts();
  const since = (at: number | Date | null) => (at === null ? null : (new Date(at).getTime() - sentAt) / 1000);
  const active = Number(stored.active);
  return {
    deploymentId: deployment.id,
    completedS: view.state === 'completed' ? since(stored.finished) : null,
    allActiveS: active === rig.devices.length ? since(stored.last_active) : null,
    allDesiredS: counts.desiredDevices === rig.devices.length ? since(counts.lastDesiredAt) : null,
    allReportedS: counts.activeAcked === rig.devices.length ? since(counts.lastActiveAckAt) : null,
    active,
    reportedActive: counts.activeAcked,
    state: view.state === state ? state : `${state}, API: ${view.state}`,
    desiredBytes: counts.desiredBytes,
    reportBytes: counts.reportBytes,
  };
}

/** The floor: the same number and size of messages through the same broker, no Edgeplane. Seconds until every answer is in. */
async function measureFloor(rig: FleetRig, desiredBytes: number, reportBytes: number, signal: AbortSignal): Promise<number> {
  const fleet = rig.fleet!;
  const answers = `edgeplane-bench/${rig.name}/fanout-floor`;
  await fleet.answer({ kind: 'echo', topicPrefix: answers, bytes: reportBytes });
  const subscriber = await mqtt.connectAsync(MQTT_URL, { protocolVersion: 5, reconnectPeriod: 0, clientId: `${rig.name}-floor-sub` });
  const publisher = await mqtt.connectAsync(MQTT_URL, { protocolVersion: 5, reconnectPeriod: 0, clientId: `${rig.name}-floor-pub` });
  const topics = rig.devices.map(({ id }) => deviceTopic(id, DeviceChannel.Desired));
  try {
    let received = 0;
    let done!: () => void;
    const all = new Promise<void>((resolve) => (done = resolve));
    subscriber.on('message', () => {
      if (++received === rig.devices.length) done();
    });
    await subscriber.subscribeAsync(sharedSubscription(`${rig.name}-floor`, `${answers}/+`), { qos: PROTOCOL_QOS });
    const payload = Buffer.alloc(desiredBytes, 'd');
    const started = performance.now();
    await Promise.all(topics.map((topic) => publisher.publishAsync(topic, payload, { qos: PROTOCOL_QOS, retain: true })));
    await Promise.race([
      all,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`fan-out floor: ${received} of ${rig.devices.length} answers after 120 s`)), 120_000)),
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
    ]);
    return seconds(started);
  } finally {
    // The floor's retained messages must not outlive it (the devices ignore the empty payloads).
    await Promise.all(topics.map((topic) => publisher.publishAsync(topic, '', { qos: PROTOCOL_QOS, retain: true }))).catch(() => undefined);
    await Promise.all([subscriber.endAsync(), publisher.endAsync()]);
  }
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
