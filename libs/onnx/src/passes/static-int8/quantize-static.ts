import type { GraphProto, ModelProto } from 'onnx-buf';
import { walkNodes } from '../../graph-walk';
import { UnknownKeepInFloatNodeError } from './static-int8.errors';
import type { QuantizationParams } from '../../quantization';
import type { InputSet } from '../../verification';
import { type BatchNormFoldReport, foldBatchNorm } from '../fold-batch-norm';
import { UniqueNames } from '../fp16/unique-names';
import { liftConstants } from '../lift-constants';
import { type IdentityBranchSplitReport, splitIdentityBranches } from '../split-identity-branch';
import { upgradeOpset } from '../opset-upgrade';
import { activationParams, insertActivationQdq } from './activation-qdq';
import { calibrateActivations, defaultCalibrationTensors } from './calibrate';
import { findHostFallback, type HostFallbackNode } from './host-fallback';
import { findQuantizableNodes } from './quantizable-nodes';
import { quantizeBias, quantizeWeight } from './weight-qdq';

/** Per-axis QuantizeLinear/DequantizeLinear (per-channel weights) first appear in opset 13. */
const QDQ_OPSET = 13;

/** How `quantizeStaticInt8` quantizes; the hardware profile decides. */
export interface StaticInt8Options {
  /** Round every scale up to a power of two and make activations int8 symmetric (FPGA shifts). */
  powerOfTwo: boolean;
  /**
   * One scale per output channel for Conv weights instead of one per tensor. MatMul and Gemm
   * weights keep one per tensor either way, as TFLite's int8 specification has it for fully
   * connected layers and the accelerators built to it require: on real text the recogniser's
   * accuracy did not move (cosine 0.96396 per column, 0.96479 per tensor) while its 6625-class
   * classifier's column scales alone were 0.25 % of the model (size ratio 0.2722 → 0.2691).
   */
  perChannelWeights: boolean;
  /** Operator types the device runs; other nodes are reported as host fallback. null: all run. */
  operatorAllowlist: string[] | null;
  /**
   * Names of quantizable nodes to leave in float (float weights, no QDQ on their own account): the
   * device hands them to the host CPU, and the report lists them as host fallback.
   */
  keepInFloat?: readonly string[];
  /**
   * Rewrite square 1×1 Convs carrying a merged identity branch as Conv + float Mul before
   * calibration (`splitIdentityBranches`), so their weight scale is not set by the diagonal.
   */
  splitIdentityBranches?: boolean;
}

/** What `quantizeStaticInt8` did. */
export interface StaticInt8Report {
  /** Conv/MatMul/Gemm nodes now between DequantizeLinear inputs and int8 weights. */
  quantizedNodes: number;
  /** Nodes the device hands to the host: operator not in the allowlist, or kept in float (keepInFloat). */
  hostFallback: HostFallbackNode[];
  /** Activation tensors given a QuantizeLinear/DequantizeLinear pair from calibration. */
  activationsQuantized: number;
  /** BatchNormalizations folded into their Convs first and those left; absent when none was seen. */
  batchNormFolding?: BatchNormFoldReport;
  /** Convs whose identity branch was split off into a float Mul; absent unless the option asked. */
  identityBranches?: IdentityBranchSplitReport;
}

/** The quantized model and its report. */
export interface StaticInt8Result {
  model: ModelProto;
  report: StaticInt8Report;
}

/**
 * Static int8 in QDQ form: Conv, MatMul and Gemm weights become int8 initializers with a
 * DequantizeLinear, biases int32, and their activations QuantizeLinear/DequantizeLinear pairs
 * with ranges calibrated on `calibration`, so that ONNX Runtime fuses them into integer kernels
 * (QLinearConv, QLinearMatMul, QGemm). With per-channel weights, BatchNormalizations after Convs
 * are folded into them first (`foldBatchNorm`). The interface stays float32; `model` is not changed.
 * The result is at opset 13 or above (the model's own, if higher).
 */
export async function quantizeStaticInt8(
  model: ModelProto,
  calibration: InputSet,
  options: StaticInt8Options,
): Promise<StaticInt8Result> {
  const lifted = atQdqOpset(liftConstants(model));
  const { model: folded, report: folding } = foldBatchNormsIfPerChannel(lifted, options);
  // After folding, so that the diagonal split off is the one the folded Conv really applies.
  const split = options.splitIdentityBranches ? splitIdentityBranches(folded) : undefined;
  const prepared = split?.model ?? folded;
  const graph = prepared.graph;
  const report: StaticInt8Report = { quantizedNodes: 0, hostFallback: [], activationsQuantized: 0 };
  if (folding.folded + folding.skipped.length > 0) report.batchNormFolding = folding;
  if (split) report.identityBranches = split.report;
  const keptInFloat = new Set(options.keepInFloat ?? []);
  if (graph) {
    checkKeptInFloat(graph, keptInFloat);
    const tensors = defaultCalibrationTensors(prepared, (node) => !keptInFloat.has(node.name));
    const ranges = await calibrateActivations(prepared, calibration, tensors);
    const activations = new Map<string, QuantizationParams>();
    for (const [tensor, range] of ranges) {
      activations.set(tensor, activationParams(range, options.powerOfTwo));
    }
    const names = new UniqueNames(prepared);
    report.quantizedNodes = quantizeWeights(graph, activations, options, keptInFloat, names);
    report.activationsQuantized = insertActivationQdq(graph, activations, names);
    dropUnusedInitializers(prepared, graph);
  }
  report.hostFallback = findHostFallback(prepared, options.operatorAllowlist, keptInFloat, new Set(split?.report.floatNodes));
  return { model: prepared, report };
}

/**
 * Folding scales each output channel of a Conv weight by its own γ/√(σ²+ε): harmless with one
 * weight scale per channel, but with one scale per tensor the small channels lose their int8
 * resolution (measured on cls, fpga-like: cosine 0.979 → 0.964). Per-channel it takes the
 * BatchNormalizations off the device's host-fallback list at a small cost (cls 0.993 → 0.982).
 */
function foldBatchNormsIfPerChannel(model: ModelProto, options: StaticInt8Options) {
  return options.perChannelWeights ? foldBatchNorm(model) : { model, report: { folded: 0, skipped: [] } };
}

function atQdqOpset(model: ModelProto): ModelProto {
  const entry = model.opsetImport.find(({ domain }) => domain === '' || domain === 'ai.onnx');
  return entry && Number(entry.version) >= QDQ_OPSET ? model : upgradeOpset(model, QDQ_OPSET);
}

/** A misspelt name would silently quantize the node it meant to protect: refuse it instead. */
function checkKeptInFloat(graph: GraphProto, keptInFloat: ReadonlySet<string>): void {
  const quantizable = new Set(findQuantizableNodes(graph).map(({ node }) => node.name));
  const unknown = [...keptInFloat].filter((name) => !name || !quantizable.has(name));
  if (unknown.length > 0) {
    throw new UnknownKeepInFloatNodeError(unknown);
  }
}

/** Rewrites weights and biases of every quantizable node whose input was calibrated; returns how many. */
function quantizeWeights(
  graph: GraphProto,
  activations: ReadonlyMap<string, QuantizationParams>,
  options: StaticInt8Options,
  keptInFloat: ReadonlySet<string>,
  names: UniqueNames,
): number {
  let quantized = 0;
  for (const { node, weight, weightChannelAxis, bias, activations: [input] } of findQuantizableNodes(graph)) {
    if (keptInFloat.has(node.name)) continue;
    const inputParams = activations.get(input);
    // Without a calibrated input ORT could not fuse the node: int8 weights alone would only shrink it.
    if (!inputParams) continue;
    const channelAxis = options.perChannelWeights && node.opType === 'Conv' ? weightChannelAxis : undefined;
    const weightQdq = quantizeWeight(weight, { powerOfTwo: options.powerOfTwo, channelAxis }, names);
    if (!weightQdq) continue;
    const biasQdq = bias ? quantizeBias(bias, inputParams.scale[0], weightQdq.params, names) : undefined;
    if (biasQdq === null) continue;
    for (const constant of [weightQdq.constant, ...(biasQdq ? [biasQdq] : [])]) {
      graph.initializer.push(...constant.initializers);
      graph.node.unshift(constant.dequantize); // reads initializers only: first is always in order
    }
    node.input[1] = weightQdq.constant.output;
    if (biasQdq) node.input[2] = biasQdq.output;
    quantized += 1;
  }
  return quantized;
}

/** Float weights every reader of which now reads the int8 copy: keeping them would undo the saving. */
function dropUnusedInitializers(model: ModelProto, graph: GraphProto): void {
  // Subgraphs may read main-graph initializers by name, so every node of the model counts.
  const read = new Set([...walkNodes(model)].flatMap(({ node }) => node.input));
  graph.output.forEach(({ name }) => read.add(name));
  graph.initializer = graph.initializer.filter(({ name }) => read.has(name));
}
