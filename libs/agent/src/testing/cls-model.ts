import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { SAMPLES_EXPECTED_PREFIX, SAMPLES_INPUT_PREFIX } from '@edgeplane/contracts';
import { encodeNpy } from '@edgeplane/onnx/calibration/npy';
import { REAL_MODEL_FILES } from '@edgeplane/onnx/testing/onnx-test-models';

// The PaddleOCR text-direction classifier (0.58 MB, x[N,3,48,W] → softmax[N,2]): a real model that
// loads and runs in milliseconds, for the agent's specs and end-to-end tests.

export const CLS_MODEL_PATH = REAL_MODEL_FILES.cls;
export const CLS_INPUT = 'x';
export const CLS_OUTPUT = 'softmax_0.tmp_0';
export const CLS_DIMS = [1, 3, 48, 192];

export function clsModelBytes(): Buffer {
  return readFileSync(CLS_MODEL_PATH);
}

/** A deterministic input image (values in [-1, 1], as the model's preprocessing yields). */
export function clsInput(seed = 1): Float32Array {
  const data = new Float32Array(CLS_DIMS.reduce((a, b) => a * b, 1));
  for (let index = 0; index < data.length; index += 1) data[index] = Math.sin(index * 0.01 * seed) * 0.9;
  return data;
}

/**
 * A samples .npz for the classifier, as the compiler ships it: two inputs and the outputs a direct
 * run gives. With `corrupt`, the expected outputs are swapped, which a correct model fails.
 */
export async function clsSamples({ corrupt = false } = {}): Promise<Uint8Array> {
  const session = await InferenceSession.create(CLS_MODEL_PATH);
  try {
    const inputs = [clsInput(1), clsInput(3)];
    const outputs: Float32Array[] = [];
    for (const input of inputs) {
      const result = await session.run({ [CLS_INPUT]: new Tensor('float32', input, CLS_DIMS) });
      const [a, b] = result[CLS_OUTPUT].data as Float32Array;
      outputs.push(Float32Array.of(...(corrupt ? [b, a] : [a, b])));
    }
    const stacked = (arrays: Float32Array[]) => {
      const data = new Float32Array(arrays.reduce((sum, array) => sum + array.length, 0));
      arrays.forEach((array, index) => data.set(array, index * array.length));
      return data;
    };
    return zipSync({
      [`${SAMPLES_INPUT_PREFIX}${CLS_INPUT}.npy`]: encodeNpy({ type: 'float32', shape: [2, ...CLS_DIMS], data: stacked(inputs) }),
      [`${SAMPLES_EXPECTED_PREFIX}${CLS_OUTPUT}.npy`]: encodeNpy({ type: 'float32', shape: [2, 1, 2], data: stacked(outputs) }),
    });
  } finally {
    await session.release();
  }
}
