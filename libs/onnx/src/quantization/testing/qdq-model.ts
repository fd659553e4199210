import { create, toBinary } from '@bufbuild/protobuf';
import {
  type AttributeProto,
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  ModelProtoSchema,
  type TensorProto,
  TensorProto_DataType,
  TensorProtoSchema,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from 'onnx-buf';
import type { QuantizationParams } from '../linear-quantization';

type ElementType = 'float32' | QuantizationParams['type'];

const DATA_TYPE: Record<ElementType, TensorProto_DataType> = {
  float32: TensorProto_DataType.FLOAT,
  int8: TensorProto_DataType.INT8,
  uint8: TensorProto_DataType.UINT8,
};

/**
 * A model with one QuantizeLinear or DequantizeLinear node, input `x` of `shape`, output `y`, whose
 * scale and zero point are initializers: scalars per tensor, 1-D plus an `axis` attribute per channel.
 */
export function qdqModel(
  operator: 'QuantizeLinear' | 'DequantizeLinear',
  shape: readonly number[],
  params: QuantizationParams,
): Uint8Array {
  const paramDims = (params.axis === null ? [] : [params.scale.length]).map(BigInt);
  const initializers: TensorProto[] = [
    create(TensorProtoSchema, {
      name: 'scale',
      dims: paramDims,
      dataType: TensorProto_DataType.FLOAT,
      floatData: [...params.scale],
    }),
    // ONNX keeps int8 and uint8 elements in int32_data, one element per entry.
    create(TensorProtoSchema, {
      name: 'zero_point',
      dims: paramDims,
      dataType: DATA_TYPE[params.type],
      int32Data: [...params.zeroPoint],
    }),
  ];
  const attributes: AttributeProto[] =
    params.axis === null
      ? []
      : [
          create(AttributeProtoSchema, {
            name: 'axis',
            type: AttributeProto_AttributeType.INT,
            i: BigInt(params.axis),
          }),
        ];
  const [inputType, outputType]: ElementType[] =
    operator === 'QuantizeLinear' ? ['float32', params.type] : [params.type, 'float32'];
  return singleNodeModel(operator, ['x', 'scale', 'zero_point'], attributes, initializers, [
    valueInfo('x', inputType, shape),
    valueInfo('y', outputType, shape),
  ]);
}

/** A DynamicQuantizeLinear model: input `x`; outputs `y` (uint8), `y_scale`, `y_zero_point`. */
export function dynamicQuantizeModel(shape: readonly number[]): Uint8Array {
  return singleNodeModel('DynamicQuantizeLinear', ['x'], [], [], [
    valueInfo('x', 'float32', shape),
    valueInfo('y', 'uint8', shape),
    valueInfo('y_scale', 'float32', []),
    valueInfo('y_zero_point', 'uint8', []),
  ]);
}

function singleNodeModel(
  operator: string,
  inputs: string[],
  attribute: AttributeProto[],
  initializer: TensorProto[],
  [graphInput, ...graphOutputs]: ValueInfoProto[],
): Uint8Array {
  const model = create(ModelProtoSchema, {
    // Opset 13 is the first with per-axis (De)QuantizeLinear; IR 7 is the version that goes with it.
    irVersion: 7n,
    opsetImport: [{ domain: '', version: 13n }],
    producerName: 'edgeplane-quantization-tests',
    graph: {
      name: operator,
      node: [{ opType: operator, input: inputs, output: graphOutputs.map((o) => o.name), attribute }],
      initializer,
      input: [graphInput],
      output: graphOutputs,
    },
  });
  return toBinary(ModelProtoSchema, model);
}

function valueInfo(name: string, type: ElementType, shape: readonly number[]): ValueInfoProto {
  const dim = shape.map((size) => ({ value: { case: 'dimValue' as const, value: BigInt(size) } }));
  return create(ValueInfoProtoSchema, {
    name,
    type: { value: { case: 'tensorType', value: { elemType: DATA_TYPE[type], shape: { dim } } } },
  });
}
