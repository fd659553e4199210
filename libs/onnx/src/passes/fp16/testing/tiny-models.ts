import { create } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttributeType,
  type ModelProto,
  type NodeProto,
  NodeProtoSchema,
  TensorProto_DataType as DataType,
  TensorProtoSchema,
} from 'onnx-buf';
import { constantNode, floatTensor, graph, model, tensorValue } from '../../../testing/onnx-test-models';
import { seededFloats } from '../../../testing/seeded-random';
import { encodeFloat16 } from '../../../float16/float16-arrays';

// Small float32 models for the fp16 specs; each input is `x`.

/** x[1,2,5,5] → Conv(3×3, pads 1) → t → Add(c) → u → Relu → y; `t` has a declared value_info. */
export function convChainModel(): ModelProto {
  return model(
    graph({
      node: [
        constantNode('w', floatTensor('', [3, 2, 3, 3], [...seededFloats(1, 54, -1, 1)])),
        constantNode('b', floatTensor('', [3], [0.25, -0.5, 1])),
        constantNode('c', floatTensor('', [1, 3, 1, 1], [0.1, 0.2, -0.3])),
        node('Conv', ['x', 'w', 'b'], ['t'], { pads: [1, 1, 1, 1] }),
        node('Add', ['t', 'c'], ['u']),
        node('Relu', ['u'], ['y']),
      ],
      input: [tensorValue('x', [1, 2, 5, 5])],
      output: [tensorValue('y', [1, 3, 5, 5])],
      valueInfo: [tensorValue('t', [1, 3, 5, 5])],
    }),
  );
}

/** BatchNormalization parameters per channel; channel 0 has a variance of 1e8, as in PP-OCRv4 det. */
export const BATCH_NORM = {
  scale: [5000, 1],
  bias: [0.5, 0],
  mean: [0, 0.25],
  variance: [1e8, 1],
  epsilon: 1e-5,
};

/**
 * x[1,2,2,2] → Mul(2) → BatchNormalization → Add(1) → y, parameters as initializers, in `type`:
 * float32 is the model to convert; float16 is the naive conversion, every tensor in float16.
 */
export function batchNormModel(type: 'float32' | 'float16'): ModelProto {
  const tensor = (name: string, values: number[]) =>
    type === 'float32'
      ? floatTensor(name, [values.length], values)
      : create(TensorProtoSchema, {
          name,
          dims: [BigInt(values.length)],
          dataType: DataType.FLOAT16,
          rawData: encodeFloat16(values),
        });
  const elemType = type === 'float32' ? DataType.FLOAT : DataType.FLOAT16;
  return model(
    graph({
      node: [
        node('Mul', ['x', 'two'], ['doubled']),
        node('BatchNormalization', ['doubled', 'scale', 'bias', 'mean', 'variance'], ['normalized'], {
          epsilon: BATCH_NORM.epsilon,
        }),
        node('Add', ['normalized', 'one'], ['y']),
      ],
      initializer: [
        tensor('two', [2]),
        tensor('one', [1]),
        ...(['scale', 'bias', 'mean', 'variance'] as const).map((name) => tensor(name, BATCH_NORM[name])),
      ],
      input: [tensorValue('x', [1, 2, 2, 2], elemType)],
      output: [tensorValue('y', [1, 2, 2, 2], elemType)],
    }),
  );
}

/** Opset 11: Resize(x[1,1,2,2], roi = [], scales = [1,1,2,2]), nearest → y[1,1,4,4]. */
export function resizeModel(): ModelProto {
  return opset11(
    graph({
      node: [
        constantNode('roi', floatTensor('', [0], [])),
        constantNode('scales', floatTensor('', [4], [1, 1, 2, 2])),
        node('Resize', ['x', 'roi', 'scales'], ['y'], { mode: 'nearest' }),
      ],
      input: [tensorValue('x', [1, 1, 2, 2])],
      output: [tensorValue('y', null)],
    }),
  );
}

/**
 * Opset 11: Resize(x[1,1,3,3]) by scales computed from integers, Div(Cast([1,1,4,4]), [1,1,3,3]),
 * as exporters write "resize to this size": 3 × 4/3 must give 4 rows, and does only in float32.
 */
export function computedScalesResizeModel(): ModelProto {
  return opset11(
    graph({
      node: [
        constantNode('roi', floatTensor('', [0], [])),
        constantNode('target', int64Tensor([1, 1, 4, 4])),
        constantNode('source', floatTensor('', [4], [1, 1, 3, 3])),
        node('Cast', ['target'], ['target_float'], { to: DataType.FLOAT }),
        node('Div', ['target_float', 'source'], ['scales']),
        node('Resize', ['x', 'roi', 'scales'], ['y'], { mode: 'nearest' }),
      ],
      input: [tensorValue('x', [1, 1, 3, 3])],
      output: [tensorValue('y', null)],
    }),
  );
}

/** y = x[2,3] × Cast(int64 constant → float): the cast value must meet x in float16. */
export function castIntoDataModel(): ModelProto {
  return model(
    graph({
      node: [
        constantNode('counts', int64Tensor([1, 2, 3, 4, 5, 6], [2, 3])),
        node('Cast', ['counts'], ['counts_float'], { to: DataType.FLOAT }),
        node('Mul', ['x', 'counts_float'], ['y']),
      ],
      input: [tensorValue('x', [2, 3])],
      output: [tensorValue('y', [2, 3])],
    }),
  );
}

/** A node with int, ints, float or string attributes (a whole number becomes an int). */
export function node(
  opType: string,
  input: string[],
  output: string[],
  attributes: Record<string, number | number[] | string> = {},
): NodeProto {
  const attribute = Object.entries(attributes).map(([name, value]) =>
    typeof value === 'string'
      ? { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) }
      : Array.isArray(value)
        ? { name, type: AttributeType.INTS, ints: value.map(BigInt) }
        : Number.isInteger(value)
          ? { name, type: AttributeType.INT, i: BigInt(value) }
          : { name, type: AttributeType.FLOAT, f: value },
  );
  return create(NodeProtoSchema, { opType, name: output[0], input, output, attribute });
}

export function int64Tensor(values: number[], dims = [values.length]) {
  return create(TensorProtoSchema, {
    dims: dims.map(BigInt),
    dataType: DataType.INT64,
    int64Data: values.map(BigInt),
  });
}

function opset11(main: ReturnType<typeof graph>): ModelProto {
  return model(main, { irVersion: 6n, opsetImport: [{ domain: '', version: 11n }] });
}
