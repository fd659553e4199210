import { Tensor } from 'onnxruntime-node';
import { encodeNpy, type NpyArray, parseNpy } from '@edgeplane/onnx/calibration/npy';
import type { TensorSignature } from '../serving/loaded-variant';
import { elementCount, isElementType, TYPED_ARRAY_OF } from '../serving/tensor-types';
import { InvalidInputError } from './inference-api.errors';

/** A tensor in the JSON form of the local API. */
export interface JsonTensor {
  /** Element type, ONNX Runtime's name (`float32`, `int64`, …). */
  type: string;
  /** Dimensions. */
  dims: number[];
  /** Elements in row-major order. */
  data: (number | boolean)[];
}

/** Builds the ONNX Runtime input from a JSON tensor, refusing anything the signature does not accept. */
export function tensorFromJson(value: unknown, signature: TensorSignature): Tensor {
  const { type, dims, data } = (value ?? {}) as Partial<JsonTensor>;
  const name = signature.name;
  if (type !== signature.type) throw new InvalidInputError(`input ${name} must have type ${signature.type}, got ${JSON.stringify(type)}`);
  checkDims(name, dims, signature);
  if (!Array.isArray(data) || data.length !== elementCount(dims!)) {
    throw new InvalidInputError(`input ${name} needs ${elementCount(dims!)} values in data for dims [${dims!.join(',')}], got ${Array.isArray(data) ? data.length : 'no array'}`);
  }
  if (!isElementType(type)) throw new InvalidInputError(`input ${name} has type ${type}, which the agent cannot feed`);
  const array = new TYPED_ARRAY_OF[type](data.length);
  const bigint = array instanceof BigInt64Array || array instanceof BigUint64Array;
  for (let index = 0; index < data.length; index += 1) {
    const element = data[index];
    if (typeof element === 'number' && (!bigint || Number.isInteger(element))) {
      array[index] = bigint ? BigInt(element) : element;
    } else if (typeof element === 'boolean' && type === 'bool') {
      array[index] = element ? 1 : 0;
    } else {
      throw new InvalidInputError(`input ${name}: data[${index}] is ${JSON.stringify(element)}, not a ${type} value`);
    }
  }
  return new Tensor(type, array, dims);
}

/** The JSON form of an output. */
export function tensorToJson(tensor: Tensor): JsonTensor {
  const data = tensor.data as ArrayLike<number | bigint | boolean>;
  return {
    type: tensor.type,
    dims: [...tensor.dims],
    data: typeof data[0] === 'bigint' ? Array.from(data, Number) : Array.from(data as ArrayLike<number>),
  };
}

/**
 * Builds the ONNX Runtime input from a .npy body. The hot path of the local API: where the data sits
 * aligned for its element type (always, for the 64-byte-padded headers NumPy writes and a body
 * fastify collected into a fresh Buffer) the tensor is a view onto the body, no copy.
 */
export function tensorFromNpy(body: Uint8Array, signature: TensorSignature): Tensor {
  let array: NpyArray;
  try {
    array = parseNpy(body, 'request body', { view: true });
  } catch (error) {
    throw new InvalidInputError((error as Error).message);
  }
  if (array.type !== signature.type) throw new InvalidInputError(`input ${signature.name} must have type ${signature.type}, the .npy holds ${array.type}`);
  checkDims(signature.name, array.shape, signature);
  return new Tensor(array.type, array.data as Float32Array, array.shape);
}

/** An output as a .npy file. */
export function tensorToNpy(tensor: Tensor): Uint8Array {
  return encodeNpy({ type: tensor.type as NpyArray['type'], shape: [...tensor.dims], data: tensor.data as NpyArray['data'] });
}

/** Whether an output of this type can be answered as .npy. */
export function hasNpyForm(type: string): boolean {
  return ['float32', 'float64', 'int64', 'int32', 'uint8', 'int8'].includes(type);
}

function checkDims(name: string, dims: unknown, signature: TensorSignature): void {
  if (!Array.isArray(dims) || !dims.every((dim) => Number.isInteger(dim) && dim >= 0)) {
    throw new InvalidInputError(`input ${name}: dims must be a list of non-negative integers`);
  }
  const declared = `[${signature.shape.join(',')}]`;
  if (dims.length !== signature.shape.length) {
    throw new InvalidInputError(`input ${name} has rank ${signature.shape.length} ${declared}, got dims [${dims.join(',')}]`);
  }
  signature.shape.forEach((fixed, axis) => {
    if (typeof fixed === 'number' && fixed >= 0 && dims[axis] !== fixed) {
      throw new InvalidInputError(`input ${name} dim ${axis} must be ${fixed} ${declared}, got dims [${dims.join(',')}]`);
    }
  });
}
