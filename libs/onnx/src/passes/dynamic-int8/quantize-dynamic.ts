import type { GraphProto, ModelProto, NodeProto } from 'onnx-buf';
import { walkGraphs } from '../../graph-walk';
import { type BatchNormFoldReport, foldBatchNorm } from '../fold-batch-norm';
import { UniqueNames } from '../fp16/unique-names';
import { liftConstants } from '../lift-constants';
import { isDefaultDomain } from '../node-attributes';
import { upgradeOpset } from '../opset-upgrade';
import { type IdentityBranchSplitReport, splitIdentityBranches } from '../split-identity-branch';
import { convWeightToInt8 } from './conv-weight-to-int8';
import { matMulToInteger } from './matmul-to-integer';
import type { QuantizationContext, SkippedNode } from './quantization-context';
import { dropUnreadInitializers, quantizableWeights } from './weight-tensors';

/** Per-axis DequantizeLinear, which the Conv weights need, arrived at opset 13. */
const PER_AXIS_DEQUANTIZE_OPSET = 13;

/** How `quantizeDynamicInt8` quantizes; the hardware profile decides. */
export interface DynamicInt8Options {
  /**
   * Bits of the MatMul/Gemm weights that ORT multiplies on integer kernels: 8, or 7 (±63, ORT's
   * `reduce_range`), which x86 CPUs without VNNI need: their u8 × s8 kernels add pairs of products
   * in 16 bits, and 8-bit weights overflow them. Conv weights are only stored as int8 (ORT computes
   * those Convs in float), so they keep 8 bits either way.
   */
  weightBits: 7 | 8;
}

/** What `quantizeDynamicInt8` changed. */
export interface DynamicInt8Report {
  /** MatMul and Gemm nodes now computing on int8 (DynamicQuantizeLinear → MatMulInteger → …). */
  matmulsQuantized: number;
  /** Distinct float32 weights now stored as int8: MatMul/Gemm B matrices and large Conv weights. */
  weightsQuantized: number;
  /** MatMul and Gemm nodes left in float32, with the reason. */
  skipped: SkippedNode[];
  /** BatchNormalizations folded into the Conv before them ahead of quantization, and those left. */
  batchNormFolding: BatchNormFoldReport;
  /** Convs whose merged identity branch now runs as a float Mul beside them (`splitIdentityBranches`). */
  identityBranches: IdentityBranchSplitReport;
}

/** The quantized model and its report. */
export interface DynamicInt8Result {
  model: ModelProto;
  report: DynamicInt8Report;
}

/**
 * A copy of `model` quantized dynamically to int8, as the `cpu` hardware profile asks: MatMul and
 * Gemm with constant weights run ORT's integer kernels (activations quantized at run time, weights
 * int8 per column), and Conv weights of ≥ MIN_CONV_WEIGHT_ELEMENTS are stored int8 per output
 * channel to shrink the file; a Conv carrying a merged identity branch keeps that diagonal as a float
 * Mul beside it (`splitIdentityBranches`) first. Other weights (biases, small tensors, BatchNormalizations that
 * cannot be folded) stay float32. Constants are lifted to initializers and the model raised to
 * opset 13 first (per-axis DequantizeLinear); upgradeOpset's error propagates when that is
 * impossible. Graph inputs and outputs are unchanged; subgraphs are rewritten too; `model` itself
 * is not modified.
 */
export function quantizeDynamicInt8(model: ModelProto, options: DynamicInt8Options): DynamicInt8Result {
  const lifted = liftConstants(model);
  const upgraded =
    defaultDomainOpset(lifted) < PER_AXIS_DEQUANTIZE_OPSET ? upgradeOpset(lifted, PER_AXIS_DEQUANTIZE_OPSET) : lifted;
  // Folding first drops the BatchNormalization parameters from the file (cls: size ratio 0.424 →
  // 0.365) at no cost in accuracy (cosines unchanged to 1e-6): folding scales each output channel
  // of the Conv weight, and the weight is quantized per output channel, so its int8 values barely move.
  const { model: folded, report: batchNormFolding } = foldBatchNorm(upgraded);
  // Re-parameterised blocks (PP-LCNetV3's square 1×1 Convs) carry a diagonal up to 10⁶ times their
  // other weights: the diagonal sets each row's int8 scale and the rest rounds to nothing. On real
  // text the recogniser's nine such Convs cost cosine 0.99733 → split 0.99940 (top-1 0.9939 →
  // 0.9959), the detector's 0.99878 → 0.99943; the float Mul and Add beside them are elementwise.
  const { model: prepared, report: identityBranches } = splitIdentityBranches(folded);
  const names = new UniqueNames(prepared);
  const report: DynamicInt8Report = {
    matmulsQuantized: 0,
    weightsQuantized: 0,
    skipped: [],
    batchNormFolding,
    identityBranches,
  };
  for (const { graph } of [...walkGraphs(prepared)]) {
    const context = quantizeGraph(graph, names, options);
    report.matmulsQuantized += context.matmulsQuantized;
    report.weightsQuantized += context.weightsQuantized.size;
    report.skipped.push(...context.skipped);
  }
  return { model: prepared, report };
}

function quantizeGraph(graph: GraphProto, names: UniqueNames, options: DynamicInt8Options) {
  const context: QuantizationContext = {
    weights: quantizableWeights(graph),
    names,
    matrixWeightBits: options.weightBits,
    added: [],
    replaced: new Set(),
    produced: new Set(),
    skipped: [],
    weightsQuantized: new Set(),
    quantizedMatrices: new Map(),
  };
  let matmulsQuantized = 0;
  const dequantizers: NodeProto[] = [];
  graph.node = graph.node.flatMap((node) => {
    const integerNodes = matMulToInteger(node, context);
    if (integerNodes) matmulsQuantized += 1;
    return integerNodes ?? [node];
  });
  for (const node of graph.node) {
    const dequantizer = convWeightToInt8(node, context);
    if (dequantizer) dequantizers.push(dequantizer);
  }
  // Dequantizers read initializers only, so placing them first keeps the node list topological.
  graph.node = [...dequantizers, ...graph.node];
  graph.initializer = graph.initializer.filter((tensor) => !context.produced.has(tensor.name));
  graph.initializer.push(...context.added);
  dropUnreadInitializers(graph, context.replaced);
  return { ...context, matmulsQuantized };
}

function defaultDomainOpset(model: ModelProto): number {
  const entry = model.opsetImport.find(({ domain }) => isDefaultDomain(domain));
  // Models without an entry for the default domain use its oldest operators.
  return entry ? Number(entry.version) : 1;
}
