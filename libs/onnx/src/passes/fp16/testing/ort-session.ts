import { type ModelProto } from 'onnx-buf';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { writeModel } from '../../../model-io';
import { float16BitsToFloat32 } from '../../../float16/float16-arrays';

/** An input tensor: float32 values, or float16 bit patterns (for hand-built float16 models). */
export interface OrtInput {
  data: Float32Array | Uint16Array;
  dims: readonly number[];
}

/** An output as float32 values (float16 outputs decoded), with its shape. */
export interface OrtOutput {
  data: Float32Array;
  dims: readonly number[];
}

/** Runs `model` once on ORT's CPU provider; loading fails if the model is not valid ONNX. */
export async function runOrt(
  model: ModelProto | Uint8Array,
  inputs: Record<string, OrtInput>,
): Promise<Record<string, OrtOutput>> {
  const session = await InferenceSession.create(model instanceof Uint8Array ? model : writeModel(model));
  try {
    const feeds = Object.fromEntries(
      Object.entries(inputs).map(([name, { data, dims }]) => [
        name,
        data instanceof Uint16Array ? new Tensor('float16', data, dims) : new Tensor('float32', data, dims),
      ]),
    );
    const outputs = await session.run(feeds);
    return Object.fromEntries(
      Object.entries(outputs).map(([name, tensor]) => [name, { data: asFloat32(tensor), dims: tensor.dims }]),
    );
  } finally {
    await session.release();
  }
}

function asFloat32(tensor: Tensor): Float32Array {
  if (tensor.type !== 'float16') return Float32Array.from(tensor.data as Float32Array);
  return float16BitsToFloat32(tensor.data as Uint16Array);
}
