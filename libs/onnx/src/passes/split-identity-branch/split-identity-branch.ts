import { clone } from '@bufbuild/protobuf';
import {
  type GraphProto,
  type ModelProto,
  ModelProtoSchema,
  type NodeProto,
  TensorProto_DataType as DataType,
} from 'onnx-buf';
import { walkGraphs } from '../../graph-walk';
import { dropUnreadInitializers, float32Tensor } from '../dynamic-int8/weight-tensors';
import { readFloat32Values } from '../fp16/float-tensor';
import { UniqueNames } from '../fp16/unique-names';
import { createNode } from '../node-attributes';
import { dominantIdentityBranch, type IdentityBranch, isPointwiseConv } from './identity-branch';

/** What `splitIdentityBranches` did. */
export interface IdentityBranchSplitReport {
  /** Names of the Convs (first output when unnamed) whose diagonal now runs as a float Mul beside them. */
  split: string[];
  /** The Mul and Add nodes added beside them, which compute in float. */
  floatNodes: string[];
}

/** The rewritten model and its report. */
export interface IdentityBranchSplitResult {
  model: ModelProto;
  report: IdentityBranchSplitReport;
}

/**
 * A copy of `model` in which every square 1×1 Conv whose weight carries a merged identity branch
 * (a re-parameterised MobileOne/RepVGG block: a diagonal far above the other weights) computes
 * `Add(Conv(x, W − diag(d), b), Mul(x, d))` instead, d being the diagonal's excess over the other
 * weights as [1, C, 1, 1] (`dominantIdentityBranch`). Equal in fp32; its point is quantization:
 * with one scale per tensor, the diagonal sets the scale and the other weights round to zero. Weights must be
 * float32 initializers of the Conv's own graph (run `liftConstants` first). `model` is not changed.
 */
export function splitIdentityBranches(model: ModelProto): IdentityBranchSplitResult {
  const rewritten = clone(ModelProtoSchema, model);
  const names = new UniqueNames(rewritten);
  const report: IdentityBranchSplitReport = { split: [], floatNodes: [] };
  for (const { graph } of [...walkGraphs(rewritten)]) splitGraph(graph, names, report);
  return { model: rewritten, report };
}

function splitGraph(graph: GraphProto, names: UniqueNames, report: IdentityBranchSplitReport): void {
  const graphInputs = new Set(graph.input.map(({ name }) => name));
  const initializers = new Map(graph.initializer.map((tensor) => [tensor.name, tensor]));
  const replaced = new Set<string>();
  graph.node = graph.node.flatMap((node) => {
    const weight = initializers.get(node.input[1] ?? '');
    // An initializer that is also a graph input may be fed by the caller: its value is not fixed.
    if (!weight || weight.dataType !== DataType.FLOAT || graphInputs.has(weight.name)) return [node];
    const dims = weight.dims.map(Number);
    if (!isPointwiseConv(node, dims)) return [node];
    const values = readFloat32Values(weight);
    const branch = values && dominantIdentityBranch(values, dims[0]);
    if (!branch) return [node];
    replaced.add(weight.name);
    report.split.push(node.name || node.output[0]);
    const nodes = splitConv(node, dims, branch, graph, names);
    report.floatNodes.push(...nodes.slice(1).map(({ name }) => name));
    return nodes;
  });
  // The original weight stays only if another node shares it.
  dropUnreadInitializers(graph, replaced);
}

/** The Conv reading the off-diagonal weight, then the Mul and the Add that give back its output. */
function splitConv(conv: NodeProto, dims: number[], branch: IdentityBranch, graph: GraphProto, names: UniqueNames) {
  const base = conv.name || conv.output[0];
  const offDiagonal = float32Tensor(names.claimTensor(`${conv.input[1]}_off_diagonal`), dims, branch.rest);
  const diagonalName = names.claimTensor(`${conv.input[1]}_diagonal`);
  const diagonal = float32Tensor(diagonalName, [1, branch.channels, 1, 1], branch.identity);
  graph.initializer.push(offDiagonal, diagonal);
  const output = conv.output[0];
  const convOutput = names.claimTensor(`${output}_off_diagonal`);
  const identityOutput = names.claimTensor(`${output}_identity`);
  conv.input[1] = offDiagonal.name;
  conv.output[0] = convOutput;
  const mul = createNode('Mul', [conv.input[0], diagonal.name], [identityOutput], names.claimNode(`${base}_identity`));
  const add = createNode('Add', [convOutput, identityOutput], [output], names.claimNode(`${base}_merge`));
  return [conv, mul, add];
}
