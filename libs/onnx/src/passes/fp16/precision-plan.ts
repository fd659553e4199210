import { type GraphProto, type NodeProto, TensorProto_DataType as DataType } from 'onnx-buf';
import { inferElementTypes } from './element-types';
import { type IslandRules, isFloat32OnlyInput, isFloat32OnlyOutput, nodeIslandReason } from './fp32-islands';
import { collectFloatWeights } from './graph-weights';
import type { ElementType } from './operator-output-types';
import { collectUses, type TensorUse } from './tensor-uses';

export type Precision = 'fp16' | 'fp32';

/** What the pass knows about a tensor name: enough for the graph that defines it and its subgraphs. */
export interface TensorFacts {
  /** Element type in the original model; undefined when it cannot be inferred. */
  type: ElementType;
  /** For float32 tensors: the precision the value is held in after conversion. */
  precision: Precision;
  /** Whether the value derives from float activations, not only from constants and shapes. */
  fromData: boolean;
}

/** A float32 tensor the conversion leaves in float32. */
export interface KeptTensor {
  /** Tensor name (for a Constant, its output). */
  tensor: string;
  /** The rule that kept it, in words. */
  reason: string;
}

/** Decisions for one graph; `convertGraph` applies them. */
export interface GraphPlan {
  /** Per node: the precision it runs in (a Constant's is that of its value). */
  nodePrecision: Precision[];
  /** Weights (initializers, Constant values) to store as float16, with their values. */
  toFloat16: Map<string, Float32Array>;
  /** Weights and node outputs left in float32, with the reason. */
  keptFp32: KeptTensor[];
  /** Every tensor visible in the graph, outer names included. */
  tensors: Map<string, TensorFacts>;
  /** The precision a node wants for its float32 input `slot`. */
  wantedAt(node: number, slot: number): Precision;
}

/**
 * Chooses float16 or float32 for each node and weight of `graph`. Nodes run in float16 unless a
 * rule keeps them in float32: the operator rules of fp32-islands.ts; inputs or outputs of a type
 * that cannot be inferred; reading a weight that overflows float16; or computing, from constants
 * and shapes only, values read only in float32 (e.g. Resize scales as Div(Cast(Shape), c)).
 * Weights become float16 unless they overflow or something reads them in float32. Reads across
 * the border get Casts (graph-rewrite.ts).
 */
export function planGraph(
  graph: GraphProto,
  outer: ReadonlyMap<string, TensorFacts>,
  rules: IslandRules,
): GraphPlan {
  const types = inferElementTypes(graph, new Map([...outer].map(([name, facts]) => [name, facts.type])));
  const isFloat = (name: string) => types.get(name) === DataType.FLOAT;
  const weights = collectFloatWeights(graph);
  const islands = new Map<number, string>();
  graph.node.forEach((node, index) => {
    const reason = node.opType === 'Constant' ? null : nodeIslandReason(node, types, weights, rules);
    if (reason) islands.set(index, reason);
  });
  const wantedAt = (node: number, slot: number): Precision =>
    islands.has(node) || isFloat32OnlyInput(graph.node[node], slot, rules.opset) ? 'fp32' : 'fp16';
  const uses = collectUses(graph);
  const wantsFp32 = (use: TensorUse) =>
    use.kind === 'graph-output' || (use.kind === 'input' && wantedAt(use.node, use.slot) === 'fp32');
  const fp32Use = (name: string) => uses.get(name)?.find(wantsFp32);
  const fromData = dataDependence(graph, outer, isFloat);
  const onlyReadInFp32 = (name: string) => !fromData.get(name) && (uses.get(name)?.every(wantsFp32) ?? false);

  // Consumers come after producers, so walking backwards settles every consumer first.
  for (let index = graph.node.length - 1; index >= 0; index -= 1) {
    const node = graph.node[index];
    if (node.opType === 'Constant' || islands.has(index)) continue;
    const outputs = node.output.filter(isFloat);
    if (outputs.length > 0 && outputs.every(onlyReadInFp32)) {
      const use = describeUse(graph, fp32Use(outputs[0])!, islands);
      islands.set(index, `it computes from constants and shapes only, and ${use}`);
    }
  }

  const toFloat16 = new Map<string, Float32Array>();
  const keptFp32: KeptTensor[] = [];
  for (const [name, weight] of weights) {
    const use = fp32Use(name);
    const reason = weight.fixedReason ?? (use ? describeUse(graph, use, islands) : null);
    if (reason) keptFp32.push({ tensor: name, reason });
    else if (weight.values) toFloat16.set(name, weight.values);
  }
  for (const [index, reason] of [...islands].sort(([a], [b]) => a - b)) {
    const node = graph.node[index];
    for (const name of node.output.filter(isFloat)) {
      keptFp32.push({ tensor: name, reason: `output of ${label(node)}, kept in float32: ${reason}` });
    }
  }
  const nodePrecision = graph.node.map((node, index): Precision => {
    if (node.opType === 'Constant') return toFloat16.has(node.output[0]) ? 'fp16' : 'fp32';
    return islands.has(index) ? 'fp32' : 'fp16';
  });
  const tensors = new Map(outer);
  const facts = (name: string, precision: Precision) =>
    tensors.set(name, { type: types.get(name), precision, fromData: fromData.get(name) ?? false });
  graph.input.forEach((input) => facts(input.name, 'fp32'));
  graph.initializer.forEach((tensor) => facts(tensor.name, toFloat16.has(tensor.name) ? 'fp16' : 'fp32'));
  graph.node.forEach((node, index) =>
    node.output.forEach((name, slot) =>
      facts(name, isFloat32OnlyOutput(node, slot) ? 'fp32' : nodePrecision[index]),
    ),
  );
  return { nodePrecision, toFloat16, keptFp32, tensors, wantedAt };
}

/** For each float32 tensor: whether it derives from float activations (graph or outer inputs). */
function dataDependence(
  graph: GraphProto,
  outer: ReadonlyMap<string, TensorFacts>,
  isFloat: (name: string) => boolean,
): Map<string, boolean> {
  const fromData = new Map([...outer].map(([name, facts]) => [name, facts.fromData]));
  graph.input.forEach((input) => fromData.set(input.name, true));
  graph.initializer.forEach((tensor) => fromData.set(tensor.name, false));
  for (const node of graph.node) {
    // Only float inputs count: Shape(x) carries x's size, not its values.
    const derived = node.input.some((name) => isFloat(name) && fromData.get(name));
    node.output.forEach((name) => fromData.set(name, derived));
  }
  return fromData;
}

function describeUse(graph: GraphProto, use: TensorUse, islands: ReadonlyMap<number, string>): string {
  if (use.kind !== 'input') return 'it is a graph output, whose float32 type callers rely on';
  const node = graph.node[use.node];
  if (islands.has(use.node)) return `it feeds ${label(node)}, which runs in float32`;
  return `it is input ${use.slot} of ${label(node)}, which ONNX requires in float32`;
}

function label(node: NodeProto): string {
  return `${node.opType} '${node.name || node.output[0]}'`;
}
