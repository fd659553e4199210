import type { ModelProto, TensorProto } from 'onnx-buf';
import { liftConstants } from '../lift-constants';
import { readFloat32Values } from '../fp16/float-tensor';
import { countZeros, zeroSmallestMagnitudes } from './magnitude-mask';
import { InvalidSparsityError, MAX_SPARSITY } from './prune.errors';
import { prunableWeights } from './weight-tensors';

/** What `pruneByMagnitude` did. */
export interface PruneReport {
  /** Conv/MatMul/Gemm weight tensors pruned (each by the same fraction). */
  prunedTensors: number;
  /** Weights of those tensors that are zero afterwards, zeros they held before included. */
  zeroedWeights: number;
  /** All weights of those tensors. */
  totalWeights: number;
  /** zeroedWeights / totalWeights: the requested sparsity, more if weights were zero already; 0 without weights. */
  achievedSparsity: number;
}

/** The pruned copy and its report. */
export interface PruneResult {
  model: ModelProto;
  report: PruneReport;
}

/**
 * A copy of `model` in which every float32 weight of Conv, MatMul and Gemm (input 1; subgraphs
 * included, Constant nodes lifted to initializers first) has its `sparsity` share of
 * smallest-magnitude values set to zero, per tensor, rounded to the nearest whole weight. Biases,
 * BatchNorm parameters and every other tensor are left as they are (notes pitfall 4). Accuracy is
 * not checked here: 50 % cost small models a lot, so callers keep the result only past a gate.
 * `model` itself is not modified.
 */
export function pruneByMagnitude(model: ModelProto, sparsity: number): PruneResult {
  if (!(sparsity >= 0 && sparsity <= MAX_SPARSITY)) throw new InvalidSparsityError(sparsity);
  const pruned = liftConstants(model); // a copy, so the tensors below are ours to rewrite
  const report: PruneReport = { prunedTensors: 0, zeroedWeights: 0, totalWeights: 0, achievedSparsity: 0 };
  for (const tensor of prunableWeights(pruned)) {
    const values = readFloat32Values(tensor);
    if (!values) continue;
    // Math.round, not floor: 0.29 × 100 is 28.999… in binary and must still zero 29 weights.
    zeroSmallestMagnitudes(values, Math.round(sparsity * values.length));
    storeFloat32Values(tensor, values);
    report.prunedTensors += 1;
    report.zeroedWeights += countZeros(values);
    report.totalWeights += values.length;
  }
  report.achievedSparsity = report.totalWeights === 0 ? 0 : report.zeroedWeights / report.totalWeights;
  return { model: pruned, report };
}

/** Writes `values` as the tensor's raw_data, little-endian as ONNX stores it, in a buffer of its own. */
function storeFloat32Values(tensor: TensorProto, values: Float32Array): void {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((value, index) => view.setFloat32(index * 4, value, true));
  tensor.rawData = raw;
  tensor.floatData = [];
}
