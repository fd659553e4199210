import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerificationFigures } from '@edgeplane/contracts';
import { readModel } from '../model-io';
import type { FeedTensor, InputSet } from './input-sets';
import { countIntegerKernels } from './integer-kernels';
import { OutputTally } from './output-tally';
import { VerificationSession } from './verification-session';
import { VerificationError } from './verification.errors';

export interface VerifyVariantOptions {
  /** Where the inputs came from; recorded in the figures. */
  inputSource: VerificationFigures['inputs']['source'];
  /** Timed inferences per model, after warm-up, for the median latency (default DEFAULT_LATENCY_RUNS). */
  latencyRuns?: number;
  /** Where the temporary optimised graph is written (default the OS temp directory); always removed. */
  scratchDirectory?: string;
}

/** Enough for a median that shrugs off one slow run, few enough to keep a compile quick. */
export const DEFAULT_LATENCY_RUNS = 5;

/**
 * Runs the original and the variant in ONNX Runtime (CPU) on the same inputs and measures how far
 * the variant strays: every output of the original, matched by name, on every input; host
 * latency; size; and the integer kernels ORT really executes after its fusions (a variant that
 * only stores int8 weights runs fp32 kernels and shows none).
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
  try {
    const originalSession = await VerificationSession.open('original', original);
    sessions.push(originalSession);
    const variantSession = await VerificationSession.open('variant', variant, optimisedGraphPath);
    sessions.push(variantSession);
    const integerKernels = countIntegerKernels(readModel(await readFile(optimisedGraphPath)));

    const tally = new OutputTally();
    for (const [index, { feeds }] of inputs.entries()) {
      tally.add(index, await originalSession.run(feeds, index), await variantSession.run(feeds, index));
    }
    // The comparison runs above were the warm-up: both sessions have allocated and run once.
    const timedFeeds = inputs[0]!.feeds;
    const hostLatencyMs = await medianLatencies(originalSession, variantSession, timedFeeds, latencyRuns);

    return {
      inputs: { source: options.inputSource, count: inputs.length },
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
