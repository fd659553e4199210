import { InferenceSession, Tensor } from 'onnxruntime-node';

/** Element types of the tensors the quantization golden tests feed and read. */
export type OrtElementType = 'float32' | 'int8' | 'uint8';

/** Typed arrays that carry those elements. */
export type OrtData = Float32Array | Int8Array | Uint8Array;

/**
 * Runs a model with a single input `x` on ORT's CPU provider and returns every output's data.
 * Spec files that call it need `@jest-environment ./…/testing/ort-test-environment.ts`.
 */
export async function runOrt(
  model: Uint8Array,
  type: OrtElementType,
  x: OrtData,
  shape: readonly number[],
): Promise<Record<string, OrtData>> {
  const session = await InferenceSession.create(model);
  try {
    const outputs = await session.run({ x: new Tensor(type, x, shape) });
    return Object.fromEntries(
      Object.entries(outputs).map(([name, tensor]) => [name, tensor.data as OrtData]),
    );
  } finally {
    await session.release();
  }
}
