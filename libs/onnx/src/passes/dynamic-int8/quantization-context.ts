import type { NodeProto, TensorProto } from 'onnx-buf';
import type { UniqueNames } from '../fp16/unique-names';
import type { FloatWeight } from './weight-tensors';

/** A node this pass left in float32, and why. */
export interface SkippedNode {
  /** The node's name (its first output's name when it has none). */
  node: string;
  /** Why it stays float32, e.g. `its B input is not a constant: both operands are activations`. */
  reason: string;
}

/** What one graph's rewrite needs and collects; shared by the MatMul/Gemm and Conv rewrites. */
export interface QuantizationContext {
  /** The float32 initializers of the graph being rewritten, by name. */
  weights: ReadonlyMap<string, FloatWeight>;
  /** Names free in the whole model (subgraphs may read any outer name). */
  names: UniqueNames;
  /** Bits of the MatMul/Gemm B matrices (`DynamicInt8Options.weightBits`). */
  matrixWeightBits: 7 | 8;
  /** Initializers to add to the graph. */
  added: TensorProto[];
  /** Float32 initializers whose readers now use a quantized copy: dropped once nothing reads them. */
  replaced: Set<string>;
  /** Float32 initializers now computed by a DequantizeLinear of the same name: to be removed. */
  produced: Set<string>;
  /** Nodes left in float32. */
  skipped: SkippedNode[];
  /** Float32 weights stored as int8 so far (MatMul/Gemm B and Conv weights). */
  weightsQuantized: Set<string>;
  /** Quantized B matrices by `GemmOperands.key`, so MatMuls sharing a weight share its copy. */
  quantizedMatrices: Map<string, { quantized: string; scale: string; zeroPoint: string }>;
}

/** How a report names a node. */
export function nodeLabel(node: NodeProto): string {
  return node.name || node.output[0] || node.opType;
}
