import { clone } from '@bufbuild/protobuf';
import { type GraphProto, type ModelProto, ModelProtoSchema, type TensorProto } from 'onnx-buf';
import { walkGraphs } from '../../graph-walk';
import { dropUnreadInitializers, float32Tensor } from '../dynamic-int8/weight-tensors';
import { UniqueNames } from '../fp16/unique-names';
import { isDefaultDomain } from '../node-attributes';
import { type ConvBatchNormPair, FoldingCandidates } from './conv-batch-norm-pair';
import { foldIntoConv } from './folded-conv-parameters';

/** Conv's inputs are X, W and the optional B. */
const CONV_BIAS_INPUT = 2;

/** A BatchNormalization left in the model, and why. */
export interface SkippedBatchNorm {
  /** The node's name (its first output's name when it has none). */
  node: string;
  /** Why it could not be folded, e.g. `its input comes from Add, not a Conv`. */
  reason: string;
}

/** What `foldBatchNorm` did. */
export interface BatchNormFoldReport {
  /** BatchNormalization nodes folded into the Conv before them (and removed). */
  folded: number;
  /** BatchNormalization nodes left in the model, with the reason. */
  skipped: SkippedBatchNorm[];
}

/** The model with its BatchNormalizations folded, and the report. */
export interface BatchNormFoldResult {
  model: ModelProto;
  report: BatchNormFoldReport;
}

/**
 * A copy of `model` in which every inference-mode BatchNormalization that reads the output of a
 * Conv, and is that output's only reader, is folded into the Conv's weight and bias (a Conv
 * without bias gets one) and removed. Quantizers then see one Conv instead of a Conv whose int8
 * output is scaled again in float32, and devices without BatchNormalization do not hand it to
 * the host. Weights and BatchNormalization parameters must be initializers of the node's own
 * graph (run `liftConstants` first); subgraphs are folded the same way. `model` is not changed.
 */
export function foldBatchNorm(model: ModelProto): BatchNormFoldResult {
  const folded = clone(ModelProtoSchema, model);
  const names = new UniqueNames(folded);
  const opset = defaultDomainOpset(folded);
  const report: BatchNormFoldReport = { folded: 0, skipped: [] };
  for (const { graph } of [...walkGraphs(folded)]) foldGraph(graph, opset, names, report);
  return { model: folded, report };
}

function foldGraph(graph: GraphProto, opset: number, names: UniqueNames, report: BatchNormFoldReport): void {
  const candidates = new FoldingCandidates(graph, opset);
  const pairs: ConvBatchNormPair[] = [];
  for (const node of graph.node) {
    if (node.opType !== 'BatchNormalization' || !isDefaultDomain(node.domain)) continue;
    const pair = candidates.pairFor(node);
    if ('reason' in pair) report.skipped.push({ node: node.name || node.output[0] || '', reason: pair.reason });
    else pairs.push(pair);
  }
  if (pairs.length === 0) return;
  for (const pair of pairs) graph.initializer.push(...rewriteConv(pair, graph, names));
  const removed = new Set(pairs.map(({ batchNorm }) => batchNorm));
  graph.node = graph.node.filter((node) => !removed.has(node));
  // BatchNormalization parameters are often shared by nothing else; those are dead weight now.
  dropUnreadInitializers(graph, new Set(pairs.flatMap(({ batchNorm }) => batchNorm.input.slice(1))));
  report.folded += pairs.length;
}

/** Makes the Conv compute the BatchNormalization's output; returns the bias initializer it had to add. */
function rewriteConv(pair: ConvBatchNormPair, graph: GraphProto, names: UniqueNames): TensorProto[] {
  const { conv, batchNorm, weight, bias } = pair;
  const values = foldIntoConv(pair.weightValues, pair.biasValues, pair.parameters);
  storeFloat32(weight, values.weight);
  const added: TensorProto[] = [];
  if (bias) storeFloat32(bias, values.bias);
  else {
    const created = float32Tensor(names.claimTensor(`${weight.name}_folded_bias`), [values.bias.length], values.bias);
    conv.input[CONV_BIAS_INPUT] = created.name;
    added.push(created);
  }
  // The Conv's own output name disappears with the BatchNormalization: so must its recorded type.
  const convOutput = conv.output[0];
  graph.valueInfo = graph.valueInfo.filter(({ name }) => name !== convOutput);
  conv.output[0] = batchNorm.output[0];
  return added;
}

/** Rewrites a float32 initializer's values in place, keeping its name and dims. */
function storeFloat32(tensor: TensorProto, values: Float32Array): void {
  tensor.rawData = new Uint8Array(Float32Array.from(values).buffer);
  tensor.floatData = [];
}

function defaultDomainOpset(model: ModelProto): number {
  const entry = model.opsetImport.find(({ domain }) => isDefaultDomain(domain));
  // Models without an entry for the default domain use its oldest operators.
  return entry ? Number(entry.version) : 1;
}
