import type { InputSet } from './input-sets';
import { median } from './median';
import { type ComparableOutput, VerificationSession } from './verification-session';
import { VerificationError } from './verification.errors';

/**
 * The original model's side of a verification: its outputs on every input and its median host
 * latency. It depends only on the model and the inputs, so a compiler measures it once and every
 * variant built from that pair (one per profile) is compared against the same numbers: for the
 * recogniser that saves a session and 13 inferences (≈ 0.5 s) per variant.
 */
export interface OriginalReference {
  /** Bytes of the original model, for the variants' size ratio. */
  sizeBytes: number;
  /** The outputs by name, one map per input, in input order. */
  outputs: ReadonlyMap<string, ComparableOutput>[];
  /** Median milliseconds of one inference on the first input (ORT CPU, one thread). */
  latencyMs: number;
}

/** Runs the original on every input and times it on the first, `latencyRuns` times after a warm-up. */
export async function measureOriginal(original: Uint8Array, inputs: InputSet, latencyRuns: number): Promise<OriginalReference> {
  checkVerificationRequest(inputs, latencyRuns);
  const session = await VerificationSession.open('original', original, { graphOptimisation: 'all' });
  try {
    const outputs: ReadonlyMap<string, ComparableOutput>[] = [];
    // These runs are also the warm-up of the timed runs below.
    for (const [index, { feeds }] of inputs.entries()) outputs.push(await session.run(feeds, index));
    const times: number[] = [];
    for (let run = 0; run < latencyRuns; run += 1) times.push(await session.time(inputs[0]!.feeds));
    return { sizeBytes: original.byteLength, outputs, latencyMs: median(times) };
  } finally {
    await session.release();
  }
}

/** Refuses what no verification can run on: no inputs, or a latency run count that is not a positive integer. */
export function checkVerificationRequest(inputs: InputSet, latencyRuns: number): void {
  if (inputs.length === 0) {
    throw new VerificationError('no_inputs', 'no inputs to verify the variant on: give at least one');
  }
  if (!Number.isInteger(latencyRuns) || latencyRuns < 1) {
    throw new RangeError(`latencyRuns must be a positive integer, not ${latencyRuns}`);
  }
}
