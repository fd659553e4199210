import { type NodeProto, TensorProto_DataType as DataType } from 'onnx-buf';
import { computeQuantizationParams, quantize } from '../../quantization';
import { createNode, isDefaultDomain } from '../node-attributes';
import { type QuantizationContext, nodeLabel } from './quantization-context';
import { byteTensor, float32Tensor } from './weight-tensors';
import { type GemmOperands, gemmOperands } from './gemm-operands';

/** The names of a [K, N] weight quantized per column, ready to feed MatMulInteger. */
interface QuantizedMatrix {
  quantized: string;
  scale: string;
  zeroPoint: string;
}

/**
 * Rewrites MatMul (constant 2-D B) and Gemm (constant B) nodes into ORT's dynamic quantization
 * pattern DynamicQuantizeLinear → MatMulInteger → Cast → Mul (+ Add for Gemm's C), which ORT CPU
 * fuses into com.microsoft DynamicQuantizeMatMul: the product runs on integers. Returns the nodes
 * that replace `node`, or undefined when it stays float32 (recorded in `context.skipped`).
 */
export function matMulToInteger(node: NodeProto, context: QuantizationContext): NodeProto[] | undefined {
  if (!isDefaultDomain(node.domain) || (node.opType !== 'MatMul' && node.opType !== 'Gemm')) return undefined;
  const operands = node.opType === 'Gemm' ? gemmOperands(node, context) : matMulOperands(node, context);
  if (typeof operands === 'string') {
    context.skipped.push({ node: nodeLabel(node), reason: operands });
    return undefined;
  }
  const matrix = quantizedMatrix(operands, context);
  return integerProduct(node, operands, matrix, context);
}

function matMulOperands(node: NodeProto, context: QuantizationContext): GemmOperands | string {
  const [a, b] = node.input;
  const weight = context.weights.get(b);
  if (!weight) return 'its B input is not a float32 initializer of this graph (e.g. both operands are activations)';
  if (weight.dims.length !== 2) return `its B weight has rank ${weight.dims.length}; only 2-D B is quantized`;
  return { a, weightName: b, matrix: weight.values, k: weight.dims[0], n: weight.dims[1], key: b, bias: null };
}

/**
 * B as int8 (or 7 bits, as the context asks), symmetric per column (axis 1 of [K, N]): zero points
 * 0, which MLAS handles fastest.
 */
function quantizedMatrix(operands: GemmOperands, context: QuantizationContext): QuantizedMatrix {
  const cached = context.quantizedMatrices.get(operands.key);
  if (cached) return cached;
  const { matrix, k, n, weightName } = operands;
  const shape = [k, n];
  const params = computeQuantizationParams(matrix, shape, {
    type: 'int8',
    symmetric: true,
    powerOfTwo: false,
    reduceRange: context.matrixWeightBits === 7,
    axis: 1,
    tensorName: weightName,
  });
  const names = {
    quantized: context.names.claimTensor(`${weightName}_quantized`),
    scale: context.names.claimTensor(`${weightName}_scale`),
    zeroPoint: context.names.claimTensor(`${weightName}_zero_point`),
  };
  context.added.push(
    byteTensor(names.quantized, shape, quantize(matrix, shape, params)),
    float32Tensor(names.scale, [n], params.scale),
    byteTensor(names.zeroPoint, [n], Int8Array.from(params.zeroPoint)),
  );
  context.replaced.add(weightName);
  context.weightsQuantized.add(weightName);
  context.quantizedMatrices.set(operands.key, names);
  return names;
}

function integerProduct(
  node: NodeProto,
  operands: GemmOperands,
  matrix: QuantizedMatrix,
  context: QuantizationContext,
): NodeProto[] {
  const { names } = context;
  const output = node.output[0];
  const base = nodeLabel(node);
  const tensor = (suffix: string) => names.claimTensor(`${output}_${suffix}`);
  const nodeName = (suffix: string) => names.claimNode(`${base}_${suffix}`);
  const [aQuantized, aScale, aZeroPoint] = [tensor('A_quantized'), tensor('A_scale'), tensor('A_zero_point')];
  const [product, productFloat, scale] = [tensor('int32'), tensor('unscaled'), tensor('scale')];
  const scaled = operands.bias ? tensor('without_bias') : output;
  const nodes = [
    createNode('DynamicQuantizeLinear', [operands.a], [aQuantized, aScale, aZeroPoint], nodeName('quantize_A')),
    createNode(
      'MatMulInteger',
      [aQuantized, matrix.quantized, aZeroPoint, matrix.zeroPoint],
      [product],
      nodeName('MatMulInteger'),
    ),
    createNode('Cast', [product], [productFloat], nodeName('Cast'), { to: DataType.FLOAT }),
    // A's scalar scale times B's per-column scales: [N], which broadcasts along the last axis.
    createNode('Mul', [aScale, matrix.scale], [scale], nodeName('scale')),
    createNode('Mul', [productFloat, scale], [scaled], nodeName('rescale')),
  ];
  if (operands.bias) nodes.push(createNode('Add', [scaled, operands.bias], [output], nodeName('bias')));
  return nodes;
}
