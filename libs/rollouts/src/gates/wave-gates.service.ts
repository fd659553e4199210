import { Injectable } from '@nestjs/common';
import type { DDSketch } from '@datadog/sketches-js';
import { decodeLatencySketch, type Assignment, type DeploymentGates, type GateEvaluation, type VariantTelemetry } from '@edgeplane/contracts';
import { TelemetryRepository, type LatencyRollupRow, type WaveContext } from '@edgeplane/persistence';
import { evaluateGates } from './gate-arithmetic';

/** How far back before a wave started the previous variant's latency is taken as the regression baseline. */
export const BASELINE_WINDOW_MS = 60 * 60 * 1000;
/** Latency sketches are stored per minute (latency_rollups), so the bake's sketches are read from the minute it began. */
const ROLLUP_BUCKET_MS = 60_000;

/** Gathers what a wave's devices did during the bake from the stored telemetry and judges the deployment's gates on it. */
@Injectable()
export class WaveGatesService {
  constructor(private readonly telemetry: TelemetryRepository) {}

  async evaluate(context: WaveContext): Promise<GateEvaluation> {
    const to = context.wave.bakeUntil ?? new Date();
    const from = new Date(to.getTime() - context.wave.bakeSeconds * 1000);
    const devices = context.devices;
    const ids = devices.map(({ deviceId }) => deviceId);
    const variantOf = new Map(devices.map(({ deviceId, variantId }) => [deviceId, variantId]));

    let inferences = 0;
    let errors = 0;
    const reported = new Set<string>();
    for (const message of await this.telemetry.windowsWithin(ids, from, to)) {
      for (const entry of message.variants as unknown as VariantTelemetry[]) {
        if (entry.variantId !== variantOf.get(message.deviceId)) continue;
        reported.add(message.deviceId);
        inferences += entry.inferences;
        errors += entry.errors;
      }
    }
    const bucketFrom = new Date(Math.floor(from.getTime() / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS);
    const sketches = sketchesOf(await this.telemetry.rollupsOf(ids, [...new Set(variantOf.values())], bucketFrom, to), variantOf);

    const gates = context.gates as unknown as DeploymentGates;
    const baselineSketches = gates.maxP95RegressionPercent === undefined ? [] : await this.baseline(context);
    const failed = devices.filter(({ status }) => status === 'failed' || status === 'timed_out').length;
    return evaluateGates(gates, { deployable: devices.length, failed, reported: reported.size, inferences, errors, sketches, baselineSketches }, { from, to });
  }

  /** The previous variant's sketches on these devices in the hour before the wave started (before the deployment touched them). */
  private async baseline(context: WaveContext): Promise<DDSketch[]> {
    const previousOf = new Map<string, string>();
    for (const device of context.devices) {
      const previous = device.previousAssignment as unknown as Assignment | null;
      if (previous) previousOf.set(device.deviceId, previous.variantId);
    }
    if (previousOf.size === 0) return [];
    const until = context.wave.startedAt ?? new Date();
    // A bucket starting before the wave may reach into it by under a minute; the earlier variant still ran then.
    const rows = await this.telemetry.rollupsOf([...previousOf.keys()], [...new Set(previousOf.values())], new Date(until.getTime() - BASELINE_WINDOW_MS), new Date(until.getTime() - 1));
    return sketchesOf(rows, previousOf);
  }
}

/** The rows' sketches where the row's variant is the one its device is looked at for. */
function sketchesOf(rows: LatencyRollupRow[], variantOf: Map<string, string>): DDSketch[] {
  return rows.filter((row) => row.sketch !== null && variantOf.get(row.deviceId) === row.variantId).map((row) => decodeLatencySketch(row.sketch!));
}
