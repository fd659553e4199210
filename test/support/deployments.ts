import { Client } from 'pg';
import type { DeploymentView } from '@edgeplane/contracts';
import type { TestController } from './controller';
import type { RunningProcess } from './processes';
import type { SimulatedDevice } from './simulated-device';
import { variantTelemetry } from './telemetry-bodies';

/** A deployment request that passes validation; tests change one part of it. */
export function deploymentRequest(overrides: Record<string, unknown> = {}) {
  return {
    model: { name: 'text-direction', version: 1 },
    target: { selector: 'site=berlin' },
    strategy: { kind: 'waves', waves: [{ percent: 10, bakeSeconds: 60 }, { percent: 40, bakeSeconds: 60 }, { bakeSeconds: 60 }] },
    gates: { maxFailedPercent: 5, maxErrorRate: 0.01, maxP95LatencyMs: 40, minReportedPercent: 80 },
    deadlineSeconds: 3600,
    ...overrides,
  };
}

/** A deployment's timeline as [event type, wave or null] pairs, to compare with completedTimeline(). */
export function timelineSteps(deployment: { timeline: { type: string; details: Record<string, unknown> }[] }): [string, unknown][] {
  return deployment.timeline.map((event) => [event.type, event.details.wave ?? null]);
}

/** The timeline of a deployment whose `waves` waves all passed: each step once, in order. */
export function completedTimeline(waves: number): [string, number | null][] {
  return [
    ['created', null],
    ['started', null],
    ...Array.from({ length: waves }, (_, wave) => [['wave_started', wave], ['wave_baking', wave], ['gates_evaluated', wave], ['wave_passed', wave]] as [string, number][]).flat(),
    ['completed', null],
  ];
}

/** Rows in every deployment table, read from the controller's database (not through the API under test). */
export async function deploymentRowCounts(controller: TestController): Promise<Record<string, number>> {
  return withDatabase(controller, async (client) => {
    const { rows } = await client.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM deployments) AS deployments, (SELECT count(*) FROM deployment_waves) AS waves,
              (SELECT count(*) FROM deployment_devices) AS devices, (SELECT count(*) FROM deployment_events) AS events`,
    );
    return Object.fromEntries(Object.entries(rows[0]).map(([table, count]) => [table, Number(count)]));
  });
}

/** Runs `work` with a client of the controller's database, for what a test cannot reach through the API. */
export async function withDatabase<T>(controller: Pick<TestController, 'config'>, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: controller.config.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Stops what a deployment test started: its simulated devices, then the compiler and the controller. */
export async function stopDeploymentRig(devices: Iterable<SimulatedDevice>, compiler: RunningProcess | undefined, controller: Pick<TestController, 'close'> | undefined): Promise<void> {
  await Promise.all([...devices].map((device) => device.close()));
  await compiler?.stop();
  await controller?.close();
}

/**
 * Each device of the wave sends one telemetry window lying within its bake (waiting for the bake to
 * begin), for the variant it was given: these latencies (ms), one inference each, and no errors.
 */
export async function reportDuringBake(devices: Map<string, SimulatedDevice>, deployment: DeploymentView, waveIndex: number, latencies: number[]): Promise<void> {
  const wave = deployment.waves[waveIndex];
  const start = new Date(Date.parse(wave.bakeUntil!) - wave.bakeSeconds * 1000);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, start.getTime() + 50 - Date.now())));
  const end = new Date();
  await Promise.all(wave.devices.map((entry) => devices.get(entry.deviceId)!.telemetry(variantTelemetry(entry.variantId!, latencies, 0, { start, end }))));
}
