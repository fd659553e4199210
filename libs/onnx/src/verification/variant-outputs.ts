import type { FeedTensor, InputSet } from './input-sets';
import { VerificationSession } from './verification-session';

/**
 * The variant's outputs on each input, computed as a CPU device computes them: ONNX Runtime's own
 * kernels after all its graph optimisations (verification's host-kernel session). Element types are
 * kept, so the outputs can be stored for a device to check itself against.
 */
export async function variantOutputs(variant: Uint8Array, inputs: InputSet): Promise<Record<string, FeedTensor>[]> {
  const session = await VerificationSession.open('variant', variant, { graphOptimisation: 'all' });
  try {
    const outputs: Record<string, FeedTensor>[] = [];
    for (const [index, { feeds }] of inputs.entries()) outputs.push(await session.outputs(feeds, index));
    return outputs;
  } finally {
    await session.release();
  }
}
