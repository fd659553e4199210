import type { ModelProto } from 'onnx-buf';
import { walkNodes } from '../graph-walk';

/**
 * Operators that compute on integers (or packed low-bit weights) in ONNX Runtime, in the ONNX and
 * com.microsoft domains: MatMulInteger, ConvInteger, MatMulIntegerToFloat, QLinearConv,
 * QLinearMatMul, QLinearAdd, NhwcQLinearConv, QGemm, QAttention, DynamicQuantizeMatMul, …
 * QuantizeLinear and DequantizeLinear only convert: a graph that keeps them around float kernels
 * computes in float (ORT folds weight-only int8 back to fp32 at load).
 */
const INTEGER_KERNEL = /Integer|QLinear|^Q[A-Z]|^DynamicQuantize(MatMul|LSTM)$|^MatMulNBits$|^MatMulBnb4$/;

/** Whether ORT runs this operator type on integer data. */
export function isIntegerKernel(opType: string): boolean {
  return INTEGER_KERNEL.test(opType);
}

/**
 * Integer operators in the graph (subgraphs included), counted by op type without domain, e.g.
 * `{ DynamicQuantizeMatMul: 1 }`. Meant for the graph ORT wrote after its optimisations, since
 * ORT fuses QDQ patterns into such operators only at load.
 */
export function countIntegerKernels(model: ModelProto): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { node } of walkNodes(model)) {
    if (isIntegerKernel(node.opType)) counts[node.opType] = (counts[node.opType] ?? 0) + 1;
  }
  return counts;
}
