import type { NodeProto, TensorProto } from 'onnx-buf';
import { computeQuantizationParams, type QuantizationParams, quantize } from '../../quantization';
import { readFloat32Values } from '../fp16/float-tensor';
import type { UniqueNames } from '../fp16/unique-names';
import { createNode, setIntAttribute } from '../node-attributes';
import { float32Tensor, integerTensor, parameterDims } from './qdq-initializers';

/** New initializers and the DequantizeLinear node that turns them back into the float tensor. */
export interface DequantizedConstant {
  initializers: TensorProto[];
  dequantize: NodeProto;
  /** The float tensor the DequantizeLinear produces: what the consumer now reads. */
  output: string;
}

/** The weight as int8 (zero point 0) and its DequantizeLinear, or null when it is stored externally. */
export function quantizeWeight(
  weight: TensorProto,
  options: { powerOfTwo: boolean; channelAxis: number | undefined },
  names: UniqueNames,
): { constant: DequantizedConstant; params: QuantizationParams } | null {
  const values = readFloat32Values(weight);
  if (!values) return null;
  const dims = weight.dims.map(Number);
  const params = computeQuantizationParams(values, dims, {
    type: 'int8',
    // Symmetric weights keep the zero point 0, which integer kernels (and FPGA shifts) assume.
    symmetric: true,
    powerOfTwo: options.powerOfTwo,
    axis: options.channelAxis,
    tensorName: weight.name,
  });
  const quantized = quantize(values, dims, params) as Int8Array;
  const constant = dequantized(
    weight.name,
    integerTensor('', quantized, weight.dims),
    { scale: params.scale, zeroPoint: Int8Array.from(params.zeroPoint), axis: params.axis },
    names,
  );
  return { constant, params };
}

/**
 * The bias as int32 with scale = input scale × weight scale (per channel) and zero point 0: the
 * layout ORT's QDQ Conv/Gemm fusion requires (a float bias stops the fusion).
 */
export function quantizeBias(
  bias: TensorProto,
  inputScale: number,
  weightParams: QuantizationParams,
  names: UniqueNames,
): DequantizedConstant | null {
  const values = readFloat32Values(bias);
  if (!values) return null;
  const scale = weightParams.scale.map((weightScale) => Math.fround(inputScale * weightScale));
  const channelScale = (index: number) => scale[weightParams.axis === null ? 0 : index];
  const quantized = Int32Array.from(values, (value, index) =>
    Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.round(value / channelScale(index)))),
  );
  const axis = weightParams.axis === null ? null : 0; // a bias is 1-D: its only axis is the channel
  const biasScale = { scale, zeroPoint: new Int32Array(scale.length), axis };
  return dequantized(bias.name, integerTensor('', quantized, bias.dims), biasScale, names);
}

/** Where a quantized constant's integers sit on the real line. */
interface ConstantScale {
  scale: Float32Array;
  zeroPoint: Int8Array | Int32Array;
  axis: number | null;
}

function dequantized(
  floatName: string,
  data: TensorProto,
  { scale, zeroPoint, axis }: ConstantScale,
  names: UniqueNames,
): DequantizedConstant {
  data.name = names.claimTensor(`${floatName}_quantized`);
  const dims = parameterDims({ axis, scale });
  const scaleTensor = float32Tensor(names.claimTensor(`${floatName}_scale`), scale, dims);
  // An absent zero point is 0 of the data's type (DequantizeLinear, opset 10+): symmetric weights and
  // int32 biases need none, and their tensors of zeros were ~2 % of an int8 recogniser's file.
  const zeroPointTensor = zeroPoint.some((value) => value !== 0)
    ? integerTensor(names.claimTensor(`${floatName}_zero_point`), zeroPoint, dims)
    : null;
  const output = names.claimTensor(`${floatName}_dequantized`);
  const dequantize = createNode(
    'DequantizeLinear',
    [data.name, scaleTensor.name, ...(zeroPointTensor ? [zeroPointTensor.name] : [])],
    [output],
    names.claimNode(`${floatName}_DequantizeLinear`),
  );
  if (axis !== null) setIntAttribute(dequantize, 'axis', axis);
  return { initializers: [data, scaleTensor, ...(zeroPointTensor ? [zeroPointTensor] : [])], dequantize, output };
}
