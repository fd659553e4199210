import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerificationFigures } from '@edgeplane/contracts';
import { readModel } from '../model-io';
import type { FeedTensor, InputSet } from './input-sets';
import { countIntegerKernels } from './integer-kernels';
import { OutputTally } from './output-tally';
import { type ModelRole, type SessionSetup, VerificationSession } from './verification-session';
import { VerificationError } from './verification.errors';

/** What the accuracy figures are measured on; recorded in the figures as `accuracyMeasuredOn`. */
export type AccuracyBasis = VerificationFigures['accuracyMeasuredOn'];

export interface VerifyVariantOptions {
  /** Where the inputs came from; recorded in the figures. */
  inputSource: VerificationFigures['inputs']['source'];
  /**
   * 'host-kernels': the variant's outputs come from the optimised session, ORT's kernels on this
   * host, as a CPU device runs them. 'simulated-int8': from a second, unoptimised session, where
   * QuantizeLinear/DequantizeLinear compute exactly and all else runs in float — what an int8
   * accelerator accumulating in int32 computes, free of this host's int8 kernels (x86 without
   * VNNI saturates their 16-bit pair sums). Integer kernels and latency always come from the
   * optimised session.
   */
  accuracyFrom: AccuracyBasis;
  /** Timed inferences per model, after warm-up, for the median latency (default DEFAULT_LATENCY_RUNS). */
  latencyRuns?: number;
  /** Where the temporary optimised graph is written (default the OS temp directory); always removed. */
  scratchDirectory?: string;
}

/** Enough for a median that shrugs off one slow run, few enough to keep a compile quick. */
export const DEFAULT_LATENCY_RUNS = 5;

/**
 * Runs the original and the variant in ONNX Runtime (CPU) on the same inputs and measures how far
 * the variant strays: every output of the original, matched by name, on every input (on the basis
 * `accuracyFrom` names); host latency; size; and the integer kernels ORT really executes after its
 * fusions (a variant that only stores int8 weights runs fp32 kernels and shows none).
 */
export async function verifyVariant(
  original: Uint8Array,
  variant: Uint8Array,
  inputs: InputSet,
  options: VerifyVariantOptions,
): Promise<VerificationFigures> {
  if (inputs.length === 0) {
    throw new VerificationError('no_inputs', 'no inputs to verify the variant on: give at least one');
  }
  const latencyRuns = options.latencyRuns ?? DEFAULT_LATENCY_RUNS;
  if (!Number.isInteger(latencyRuns) || latencyRuns < 1) {
    throw new RangeError(`latencyRuns must be a positive integer, not ${latencyRuns}`);
  }
  const workDirectory = await mkdtemp(join(options.scratchDirectory ?? tmpdir(), 'edgeplane-verify-'));
  const optimisedGraphPath = join(workDirectory, 'variant.optimised.onnx');
  const sessions: VerificationSession[] = [];
  const open = async (role: ModelRole, bytes: Uint8Array, setup: SessionSetup) => {
    const session = await VerificationSession.open(role, bytes, setup);
    sessions.push(session);
    return session;
  };
  try {
    const originalSession = await open('original', original, { graphOptimisation: 'all' });
    const variantSession = await open('variant', variant, { graphOptimisation: 'all', optimisedGraphPath });
    const integerKernels = countIntegerKernels(readModel(await readFile(optimisedGraphPath)));
    const accuracySession =
      options.accuracyFrom === 'simulated-int8'
        ? await open('variant', variant, { graphOptimisation: 'disabled' })
        : variantSession;

    const tally = new OutputTally();
    for (const [index, { feeds }] of inputs.entries()) {
      tally.add(index, await originalSession.run(feeds, index), await accuracySession.run(feeds, index));
    }
    const timedFeeds = inputs[0]!.feeds;
    // The comparison runs above warmed up the original; the optimised variant needs its own first run
    // when the comparison ran on the unoptimised one.
    if (accuracySession !== variantSession) await variantSession.time(timedFeeds);
    const hostLatencyMs = await medianLatencies(originalSession, variantSession, timedFeeds, latencyRuns);

    return {
      inputs: { source: options.inputSource, count: inputs.length },
      accuracyMeasuredOn: options.accuracyFrom,
      ...tally.figures(),
      sizeBytes: variant.byteLength,
      sizeRatio: variant.byteLength / original.byteLength,
      hostLatencyMs,
      integerKernels,
    };
  } finally {
    // allSettled: a failing release must not hide the error that brought us here.
    await Promise.allSettled(sessions.map((session) => session.release()));
    await rm(workDirectory, { recursive: true, force: true });
  }
}

/** Runs alternate between the models, so that a slow spell on the host hits both alike. */
async function medianLatencies(
  original: VerificationSession,
  variant: VerificationSession,
  feeds: Record<string, FeedTensor>,
  runs: number,
): Promise<VerificationFigures['hostLatencyMs']> {
  const originalTimes: number[] = [];
  const variantTimes: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    originalTimes.push(await original.time(feeds));
    variantTimes.push(await variant.time(feeds));
  }
  return { original: median(originalTimes), variant: median(variantTimes) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
