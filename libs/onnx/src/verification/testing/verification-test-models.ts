import { create } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttributeType,
  TensorProto_DataType as DataType,
  TensorProtoSchema,
} from 'onnx-buf';
import { readModel, writeModel } from '../../model-io';
import { constantNode, floatTensor, graph, model, tensorValue } from '../../testing/onnx-test-models';

// Models for the verification specs; not part of the library's API.

const IN_FEATURES = 16;
const OUT_FEATURES = 4;
const WEIGHT_SCALE = 0.02;
/** int8 weights spread over [-127, 127] (37 is coprime to 255, so the walk covers the range). */
const QUANTIZED_WEIGHTS = Int8Array.from(
  { length: IN_FEATURES * OUT_FEATURES },
  (_, index) => ((index * 37) % 255) - 127,
);

/**
 * `y = x · W` for x [N, 16] and W [16, 4], in fp32 and dynamically quantized to int8 the way ORT's
 * quantize_dynamic writes it (opset 13): DynamicQuantizeLinear → MatMulInteger → Cast → Mul.
 * W is exactly `QUANTIZED_WEIGHTS * 0.02`, so the variant's only error is the activations' rounding.
 */
export function matMulModels(): { float: Uint8Array; dynamicInt8: Uint8Array } {
  const weights = Array.from(QUANTIZED_WEIGHTS, (q) => q * WEIGHT_SCALE);
  const io = {
    input: [tensorValue('x', ['N', IN_FEATURES])],
    output: [tensorValue('y', ['N', OUT_FEATURES])],
  };
  const float = model(graph({
    node: [
      constantNode('w', floatTensor('', [IN_FEATURES, OUT_FEATURES], weights)),
      { opType: 'MatMul', input: ['x', 'w'], output: ['y'] },
    ],
    ...io,
  }));
  const dynamicInt8 = model(graph({
    node: [
      { opType: 'DynamicQuantizeLinear', input: ['x'], output: ['x_q', 'x_scale', 'x_zero_point'] },
      constantNode('w_q', int8Tensor([IN_FEATURES, OUT_FEATURES], QUANTIZED_WEIGHTS)),
      constantNode('w_zero_point', int8Tensor([], Int8Array.of(0))),
      constantNode('w_scale', floatTensor('', [], [WEIGHT_SCALE])),
      { opType: 'MatMulInteger', input: ['x_q', 'w_q', 'x_zero_point', 'w_zero_point'], output: ['y_int'] },
      castNode('y_int', 'y_unscaled', DataType.FLOAT),
      { opType: 'Mul', input: ['x_scale', 'w_scale'], output: ['y_scale'] },
      { opType: 'Mul', input: ['y_unscaled', 'y_scale'], output: ['y'] },
    ],
    ...io,
  }));
  return { float: writeModel(float), dynamicInt8: writeModel(dynamicInt8) };
}

/** A copy of the model where the float32 tensor of Constant `name` is multiplied by `factor`. */
export function withConstantScaled(bytes: Uint8Array, name: string, factor: number): Uint8Array {
  const damaged = readModel(bytes);
  const node = damaged.graph?.node.find(
    (candidate) => candidate.opType === 'Constant' && candidate.output[0] === name,
  );
  const tensor = node?.attribute.find((attribute) => attribute.name === 'value')?.t;
  if (!tensor || tensor.dataType !== DataType.FLOAT || tensor.rawData.length === 0) {
    throw new Error(`no Constant ${name} with float32 raw data in this model`);
  }
  const values = new Float32Array(Uint8Array.from(tensor.rawData).buffer).map((value) => value * factor);
  tensor.rawData = new Uint8Array(values.buffer);
  return writeModel(damaged);
}

/**
 * `y = x + 0.5` for x [2, 3] in fp32, and an fp16 variant whose input and output are float16
 * (Cast → Add → Cast), as a converter that does not keep fp32 I/O writes it.
 */
export function addModels(): { float: Uint8Array; float16Io: Uint8Array } {
  const add = { opType: 'Add', input: ['x_float', 'w'], output: ['y_float'] };
  const w = constantNode('w', floatTensor('', [2, 3]));
  const float = model(graph({
    node: [w, { ...add, input: ['x', 'w'], output: ['y'] }],
    input: [tensorValue('x', [2, 3])],
    output: [tensorValue('y', [2, 3])],
  }));
  const float16Io = model(graph({
    node: [w, castNode('x', 'x_float', DataType.FLOAT), add, castNode('y_float', 'y', DataType.FLOAT16)],
    input: [tensorValue('x', [2, 3], DataType.FLOAT16)],
    output: [tensorValue('y', [2, 3], DataType.FLOAT16)],
  }));
  return { float: writeModel(float), float16Io: writeModel(float16Io) };
}

/** A model like `addModels().float` whose output is named `z`, or transposed to [3, 2]. */
export function brokenAddModel(breakage: 'renamed output' | 'transposed output'): Uint8Array {
  const renamed = breakage === 'renamed output';
  return writeModel(model(graph({
    node: renamed
      ? [constantNode('w', floatTensor('', [2, 3])), { opType: 'Add', input: ['x', 'w'], output: ['z'] }]
      : [{ opType: 'Transpose', input: ['x'], output: ['y'] }],
    input: [tensorValue('x', [2, 3])],
    output: [renamed ? tensorValue('z', [2, 3]) : tensorValue('y', [3, 2])],
  })));
}

function castNode(input: string, output: string, to: DataType) {
  return {
    opType: 'Cast',
    input: [input],
    output: [output],
    attribute: [{ name: 'to', type: AttributeType.INT, i: BigInt(to) }],
  };
}

function int8Tensor(dims: number[], values: Int8Array) {
  return create(TensorProtoSchema, {
    dims: dims.map(BigInt),
    dataType: DataType.INT8,
    rawData: Uint8Array.from(values, (value) => value & 0xff),
  });
}
