import type { NodeProto } from 'onnx-buf';
import { computeQuantizationParams, quantize } from '../../quantization';
import { createNode, isDefaultDomain } from '../node-attributes';
import type { QuantizationContext } from './quantization-context';
import { byteTensor, float32Tensor } from './weight-tensors';

/**
 * Smaller weights stay float32: their scales and zero points would cost a good part of what int8
 * saves, and the file barely shrinks (the brief's threshold, as ORT's quantizer leaves tiny tensors).
 */
export const MIN_CONV_WEIGHT_ELEMENTS = 1024;

/**
 * Stores a Conv's float32 weight (input 1) as int8 per output channel (axis 0), behind a
 * DequantizeLinear (opset 13, axis 0) whose output takes the weight's name, so every reader gets
 * the dequantized value unchanged. This shrinks the file only: ORT folds the DequantizeLinear back
 * to float32 at load and runs the float Conv kernel (ORT CPU lacks ConvInteger for int8 weights).
 * Returns the DequantizeLinear node, or undefined when the weight is not one to quantize.
 */
export function convWeightToInt8(node: NodeProto, context: QuantizationContext): NodeProto | undefined {
  if (!isDefaultDomain(node.domain) || node.opType !== 'Conv') return undefined;
  const name = node.input[1];
  const weight = context.weights.get(name);
  if (!weight || weight.values.length < MIN_CONV_WEIGHT_ELEMENTS) return undefined;
  // A weight read by two Convs (or already replaced for a MatMul) is quantized only once.
  if (context.weightsQuantized.has(name) || context.replaced.has(name)) return undefined;

  // Asymmetric, not symmetric: measured on the PaddleOCR models (synthetic inputs), symmetric
  // weights gave rec cosine 0.9984 and det 0.982, asymmetric 0.9994 and 0.9906; the range still
  // includes 0, so zeros stay exact. The zero points cost one byte per channel.
  const params = computeQuantizationParams(weight.values, weight.dims, {
    type: 'int8',
    symmetric: false,
    powerOfTwo: false,
    axis: 0,
    tensorName: name,
  });
  const channels = params.scale.length;
  const quantized = context.names.claimTensor(`${name}_quantized`);
  const scale = context.names.claimTensor(`${name}_scale`);
  const zeroPoint = context.names.claimTensor(`${name}_zero_point`);
  context.added.push(
    byteTensor(quantized, weight.dims, quantize(weight.values, weight.dims, params)),
    float32Tensor(scale, [channels], params.scale),
    byteTensor(zeroPoint, [channels], Int8Array.from(params.zeroPoint)),
  );
  // The name is now a node output: the float32 initializer must go whoever else reads it.
  context.produced.add(name);
  context.weightsQuantized.add(name);
  const nodeName = context.names.claimNode(`${name}_dequantize`);
  return createNode('DequantizeLinear', [quantized, scale, zeroPoint], [name], nodeName, { axis: 0 });
}
