import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerificationFigures } from '@edgeplane/contracts';
import { readModel } from '../model-io';
import type { FeedTensor, InputSet } from './input-sets';
import { countIntegerKernels } from './integer-kernels';
import { OutputTally } from './output-tally';
import { median } from './median';
import { checkVerificationRequest, measureOriginal, type OriginalReference } from './original-reference';
import { type SessionSetup, VerificationSession } from './verification-session';

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
 * Runs the variant in ONNX Runtime (CPU) on the inputs and measures how far it strays from the
 * original: every output of the original, matched by name, on every input (on the basis
 * `accuracyFrom` names); host latency; size; and the integer kernels ORT really executes after its
 * fusions (a variant that only stores int8 weights runs fp32 kernels and shows none). `original` is
 * the model's bytes, or its reference measured by `measureOriginal` on these same inputs.
 */
export async function verifyVariant(
  original: Uint8Array | OriginalReference,
  variant: Uint8Array,
  inputs: InputSet,
  options: VerifyVariantOptions,
): Promise<VerificationFigures> {
  return (await verifyVariantKeepingOutputs(original, variant, inputs, { ...options, keepHostOutputs: 0 })).figures;
}

/** A verification's figures, and the variant's host-kernel outputs it kept (`keepHostOutputs`). */
export interface VerificationWithOutputs {
  figures: VerificationFigures;
  /**
   * The variant's outputs on the first `keepHostOutputs` inputs, from ORT's optimised session (what a
   * CPU device computes), element types kept: the accuracy runs' own outputs, so they cost nothing.
   * Null when the accuracy was measured on simulated int8 (those runs are not the host kernels') or an
   * output holds strings.
   */
  hostOutputs: Record<string, FeedTensor>[] | null;
}

/** `verifyVariant`, keeping the variant's outputs on the first `keepHostOutputs` inputs when they come free. */
export async function verifyVariantKeepingOutputs(
  original: Uint8Array | OriginalReference,
  variant: Uint8Array,
  inputs: InputSet,
  options: VerifyVariantOptions & { keepHostOutputs: number },
): Promise<VerificationWithOutputs> {
  const latencyRuns = options.latencyRuns ?? DEFAULT_LATENCY_RUNS;
  checkVerificationRequest(inputs, latencyRuns);
  const reference = original instanceof Uint8Array ? await measureOriginal(original, inputs, latencyRuns) : original;
  if (reference.outputs.length !== inputs.length) {
    throw new RangeError(`the original's reference holds ${reference.outputs.length} inputs' outputs, not the ${inputs.length} given`);
  }
  const workDirectory = await mkdtemp(join(options.scratchDirectory ?? tmpdir(), 'edgeplane-verify-'));
  const optimisedGraphPath = join(workDirectory, 'variant.optimised.onnx');
  const sessions: VerificationSession[] = [];
  const open = async (setup: SessionSetup) => {
    const session = await VerificationSession.open('variant', variant, setup);
    sessions.push(session);
    return session;
  };
  try {
    const variantSession = await open({ graphOptimisation: 'all', optimisedGraphPath });
    const integerKernels = countIntegerKernels(readModel(await readFile(optimisedGraphPath)));
    const onHostKernels = options.accuracyFrom === 'host-kernels';
    const accuracySession = onHostKernels ? variantSession : await open({ graphOptimisation: 'disabled' });

    const tally = new OutputTally();
    let hostOutputs: Record<string, FeedTensor>[] | null = onHostKernels ? [] : null;
    for (const [index, { feeds }] of inputs.entries()) {
      if (hostOutputs && index < options.keepHostOutputs) {
        const { comparable, outputs } = await accuracySession.runKeepingOutputs(feeds, index);
        tally.add(index, reference.outputs[index]!, comparable);
        hostOutputs = outputs ? [...hostOutputs, outputs] : null;
      } else {
        tally.add(index, reference.outputs[index]!, await accuracySession.run(feeds, index));
      }
    }
    const timedFeeds = inputs[0]!.feeds;
    // The comparison runs above warmed up the variant, unless they ran on the unoptimised session.
    if (accuracySession !== variantSession) await variantSession.time(timedFeeds);
    const times: number[] = [];
    for (let run = 0; run < latencyRuns; run += 1) times.push(await variantSession.time(timedFeeds));

    const figures: VerificationFigures = {
      inputs: { source: options.inputSource, count: inputs.length },
      accuracyMeasuredOn: options.accuracyFrom,
      ...tally.figures(),
      sizeBytes: variant.byteLength,
      sizeRatio: variant.byteLength / reference.sizeBytes,
      hostLatencyMs: { original: reference.latencyMs, variant: median(times) },
      integerKernels,
    };
    return { figures, hostOutputs };
  } finally {
    // allSettled: a failing release must not hide the error that brought us here.
    await Promise.allSettled(sessions.map((session) => session.release()));
    await rm(workDirectory, { recursive: true, force: true });
  }
}
