import { SAMPLES_EXPECTED_PREFIX, SAMPLES_INPUT_PREFIX } from '@edgeplane/contracts';
import { type FeedTensor, type InputSet, isNpyType, stackSamples, variantOutputs, writeNpz } from '@edgeplane/onnx';

/** Samples per file at most: enough to catch a device that computes something else. */
export const MAX_SELF_TEST_SAMPLES = 4;

/**
 * Tensor bytes per file beyond which fewer samples are kept (never fewer than one), so a device
 * does not download more for its self-test than for the model. Outputs dominate: one real 48×488
 * text line gives the recognizer 0.3 MB of input and 1.6 MB of class scores (61 steps × 6625).
 */
export const MAX_SELF_TEST_BYTES = 2 * 1024 * 1024;

type Sample = Record<string, FeedTensor>;

/**
 * The self-test samples of an accepted variant (format in the contracts' self-test-samples.ts): the
 * first verification inputs and the variant's own outputs on them, as ORT's optimised session
 * computes them: `hostOutputs` when verification kept them (`verifyVariantKeepingOutputs`), else
 * computed here. Null when an input or output has an element type a .npy cannot hold here
 * (float16, bool, …): such a device falls back to its finite-outputs check rather than the variant
 * being refused for it.
 */
export async function buildSelfTestSamples(
  variant: Uint8Array,
  verification: InputSet,
  hostOutputs: Record<string, FeedTensor>[] | null = null,
): Promise<Uint8Array | null> {
  const chosen = verification.slice(0, MAX_SELF_TEST_SAMPLES);
  const inputs = chosen.map((input) => input.feeds);
  if (!storable(inputs)) return null;
  const kept = hostOutputs !== null && hostOutputs.length >= chosen.length;
  const expected = kept ? hostOutputs.slice(0, chosen.length) : await variantOutputs(variant, chosen);
  if (!storable(expected)) return null;
  const perSample = tensorBytes(inputs[0]) + tensorBytes(expected[0]);
  const count = Math.max(1, Math.min(chosen.length, Math.floor(MAX_SELF_TEST_BYTES / perSample)));
  return writeNpz({
    ...prefixed(SAMPLES_INPUT_PREFIX, inputs.slice(0, count)),
    ...prefixed(SAMPLES_EXPECTED_PREFIX, expected.slice(0, count)),
  });
}

function storable(samples: Sample[]): boolean {
  return samples.every((sample) => Object.values(sample).every((tensor) => isNpyType(tensor.type)));
}

function tensorBytes(sample: Sample): number {
  return Object.values(sample).reduce((sum, tensor) => sum + tensor.data.byteLength, 0);
}

function prefixed(prefix: string, samples: Sample[]) {
  return Object.fromEntries(Object.entries(stackSamples(samples)).map(([name, array]) => [`${prefix}${name}`, array]));
}
