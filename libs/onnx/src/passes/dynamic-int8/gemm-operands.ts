import type { NodeProto } from 'onnx-buf';
import { findAttribute } from '../node-attributes';
import type { QuantizationContext } from './quantization-context';
import { float32Tensor } from './weight-tensors';

/** A float product `A · matrix (+ bias)` with a constant [K, N] matrix, ready to quantize. */
export interface GemmOperands {
  /** The activation input A. */
  a: string;
  /** The initializer the matrix came from, for names and messages. */
  weightName: string;
  /** The [K, N] matrix in row-major order, with Gemm's transB and alpha already applied. */
  matrix: Float32Array;
  k: number;
  n: number;
  /** Identifies the matrix: MatMuls reading the same weight the same way share one quantized copy. */
  key: string;
  /** The tensor to add after the product (Gemm's beta · C), or null. */
  bias: string | null;
}

/**
 * Gemm computes alpha · A' · B' + beta · C. B' ([K, N] after transB) and alpha are folded into the
 * matrix before quantization; beta is folded into a constant C. Returns why not when the node
 * cannot be expressed as MatMulInteger: transA (MatMulInteger has no transpose), a non-constant B,
 * or a non-constant C scaled by beta.
 */
export function gemmOperands(node: NodeProto, context: QuantizationContext): GemmOperands | string {
  const [a, b, c] = node.input;
  const alpha = floatAttribute(node, 'alpha', 1);
  const beta = floatAttribute(node, 'beta', 1);
  if (intAttribute(node, 'transA') !== 0) return 'transA is set; MatMulInteger cannot transpose A';
  const weight = context.weights.get(b);
  if (!weight || weight.dims.length !== 2) return 'its B input is not a 2-D float32 initializer of this graph';
  const transB = intAttribute(node, 'transB') !== 0;
  const [k, n] = transB ? [weight.dims[1], weight.dims[0]] : weight.dims;
  const oriented = transB ? transpose(weight.values, weight.dims[0], weight.dims[1]) : weight.values;
  const matrix = alpha === 1 ? oriented : oriented.map((value) => Math.fround(alpha * value));
  const bias = gemmBias(c, beta, node, context);
  if (bias === undefined) return 'its C input is not constant and beta ≠ 1';
  return { a, weightName: b, matrix, k, n, key: `${b}|transB=${transB}|alpha=${alpha}`, bias };
}

/** The tensor holding beta · C, or null when there is none, or undefined when it cannot be built. */
function gemmBias(c: string | undefined, beta: number, node: NodeProto, context: QuantizationContext) {
  if (!c || beta === 0) return null;
  if (beta === 1) return c;
  const constant = context.weights.get(c);
  if (!constant) return undefined;
  const name = context.names.claimTensor(`${node.output[0]}_bias`);
  context.added.push(float32Tensor(name, constant.dims, constant.values.map((v) => Math.fround(beta * v))));
  context.replaced.add(c);
  return name;
}

/** A row-major [rows, columns] matrix transposed to [columns, rows]. */
export function transpose(values: Float32Array, rows: number, columns: number): Float32Array {
  const result = new Float32Array(values.length);
  for (let row = 0; row < rows; row += 1) {
    for (let column = 0; column < columns; column += 1) result[column * rows + row] = values[row * columns + column];
  }
  return result;
}

function floatAttribute(node: NodeProto, name: string, fallback: number): number {
  return findAttribute(node, name)?.f ?? fallback;
}

function intAttribute(node: NodeProto, name: string): number {
  return Number(findAttribute(node, name)?.i ?? 0n);
}
