import type { ModelProto } from 'onnx-buf';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { writeModel } from '../../model-io';
import { seededFloats } from '../../testing/seeded-random';

// Runs models on ONNX Runtime's CPU provider for the specs of the graph passes: a pass is right
// when the runtime computes the same before and after it.

export type Feeds = Record<string, Tensor>;

/** Every output of the model, by name, as plain arrays with their dims. */
export async function runModel(model: ModelProto, feeds: Feeds): Promise<Record<string, RunOutput>> {
  // Errors only: warnings such as unused initializers are not what these specs look at.
  const session = await InferenceSession.create(writeModel(model), { logSeverityLevel: 3 });
  try {
    const outputs = await session.run(feeds);
    return Object.fromEntries(
      Object.entries(outputs).map(([name, tensor]) => [
        name,
        { dims: [...tensor.dims], data: Array.from(tensor.data as ArrayLike<number | bigint>) },
      ]),
    );
  } finally {
    await session.release();
  }
}

export interface RunOutput {
  dims: number[];
  data: (number | bigint)[];
}

/** The largest absolute difference between two runs' outputs of the same name (Infinity if shapes differ). */
export function maxAbsDifference(a: RunOutput, b: RunOutput): number {
  if (a.dims.join() !== b.dims.join() || a.data.length !== b.data.length) return Infinity;
  return a.data.reduce<number>((max, value, index) => {
    const difference = Math.abs(Number(value) - Number(b.data[index]));
    return Number.isNaN(difference) ? Infinity : Math.max(max, difference);
  }, 0);
}

/** A float32 input of seeded pseudo-random values in [low, high): the same on every run. */
export function seededInput(seed: number, dims: number[], low = -3, high = 3): Tensor {
  const length = dims.reduce((product, dim) => product * dim, 1);
  return new Tensor('float32', seededFloats(seed, length, low, high), dims);
}
