import { unzipSync } from 'fflate';
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { SAMPLES_EXPECTED_PREFIX, SAMPLES_INPUT_PREFIX, SELF_TEST_MIN_COSINE } from '@edgeplane/contracts';
import { type NpyArray, parseNpy } from '@edgeplane/onnx/calibration/npy';
import type { TensorSignature } from './loaded-variant';
import { SelfTestError } from './serving.errors';
import { elementCount, isElementType, TYPED_ARRAY_OF } from './tensor-types';

/**
 * Proves a freshly loaded session computes what the compiler verified, before it serves: every
 * sample of the variant's samples file (.npz, see self-test-samples.ts in the contracts) must give
 * outputs with cosine ≥ SELF_TEST_MIN_COSINE to the expected ones. Without samples, one run on zeros
 * must give finite outputs. Either way the run also warms the session up.
 */
export async function runSelfTest(session: InferenceSession, inputs: TensorSignature[], samplesNpz: Uint8Array | null): Promise<void> {
  if (samplesNpz) await compareWithSamples(session, readSamples(samplesNpz));
  else await runOnZeros(session, inputs);
}

interface Samples {
  inputs: Map<string, NpyArray>;
  expected: Map<string, NpyArray>;
  count: number;
}

function readSamples(npz: Uint8Array): Samples {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(npz);
  } catch (error) {
    throw new SelfTestError(`samples file is not an .npz: ${(error as Error).message}`);
  }
  const arrays = (prefix: string) =>
    new Map(
      Object.entries(files)
        .filter(([file]) => file.startsWith(prefix) && file.endsWith('.npy'))
        .map(([file, bytes]) => [file.slice(prefix.length, -'.npy'.length), parseNpy(bytes, file)]),
    );
  const inputs = arrays(SAMPLES_INPUT_PREFIX);
  const expected = arrays(SAMPLES_EXPECTED_PREFIX);
  const counts = new Set([...inputs.values(), ...expected.values()].map((array) => array.shape[0]));
  if (inputs.size === 0 || expected.size === 0 || counts.size !== 1) {
    throw new SelfTestError(`samples file needs inputs/*.npy and expected/*.npy with one sample count (has ${inputs.size} inputs, ${expected.size} outputs)`);
  }
  return { inputs, expected, count: [...counts][0] };
}

async function compareWithSamples(session: InferenceSession, samples: Samples): Promise<void> {
  const missing = session.inputNames.filter((name) => !samples.inputs.has(name));
  if (missing.length > 0) throw new SelfTestError(`samples have no input ${missing.join(', ')}`);
  for (let index = 0; index < samples.count; index += 1) {
    const feeds = Object.fromEntries(session.inputNames.map((name) => [name, sampleTensor(samples.inputs.get(name)!, index)]));
    const outputs = await run(session, feeds);
    for (const [name, expectedArray] of samples.expected) {
      const actual = outputs[name];
      if (!actual) throw new SelfTestError(`the model has no output ${name}`);
      const expected = sampleTensor(expectedArray, index);
      if (actual.dims.join('x') !== expected.dims.join('x')) {
        throw new SelfTestError(`output ${name} of sample ${index} has dims ${actual.dims.join('x')}, expected ${expected.dims.join('x')}`);
      }
      const similarity = cosine(actual.data as ArrayLike<number>, expected.data as ArrayLike<number>);
      if (!(similarity >= SELF_TEST_MIN_COSINE)) {
        throw new SelfTestError(`output ${name} of sample ${index} has cosine ${similarity.toFixed(6)} to the expected one, needs ${SELF_TEST_MIN_COSINE}`);
      }
    }
  }
}

async function runOnZeros(session: InferenceSession, inputs: TensorSignature[]): Promise<void> {
  const feeds = Object.fromEntries(
    inputs.map((input) => {
      if (!isElementType(input.type)) throw new SelfTestError(`input ${input.name} has type ${input.type}, which the agent cannot feed`);
      // Symbolic dimensions take 1: the smallest input every such model accepts.
      const dims = input.shape.map((dim) => (typeof dim === 'number' && dim > 0 ? dim : 1));
      return [input.name, new Tensor(input.type, new TYPED_ARRAY_OF[input.type](elementCount(dims)), dims)];
    }),
  );
  const outputs = await run(session, feeds);
  for (const [name, output] of Object.entries(outputs)) {
    if (output.type.startsWith('float') && !(output.data as Float32Array).every(Number.isFinite)) {
      throw new SelfTestError(`output ${name} is not finite on zero inputs`);
    }
  }
}

async function run(session: InferenceSession, feeds: InferenceSession.FeedsType): Promise<InferenceSession.ReturnType> {
  try {
    return await session.run(feeds);
  } catch (error) {
    throw new SelfTestError(`the model failed to run: ${(error as Error).message}`);
  }
}

function sampleTensor(array: NpyArray, index: number): Tensor {
  const dims = array.shape.slice(1);
  const size = elementCount(dims);
  return new Tensor(array.type, array.data.subarray(index * size, (index + 1) * size) as Float32Array, dims);
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    const x = Number(a[index]);
    const y = Number(b[index]);
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 && normB === 0) return 1; // both all zeros: identical
  return dot / Math.sqrt(normA * normB);
}
