import type { GraphProto, NodeProto } from 'onnx-buf';

/** A place where a graph reads a tensor. */
export type TensorUse =
  | { kind: 'input'; node: number; slot: number }
  | { kind: 'graph-output' }
  /** Read somewhere inside a subgraph of node `node` (an outer-scope reference). */
  | { kind: 'subgraph'; node: number };

/** Every read of every tensor name in `graph`, including reads from inside its subgraphs. */
export function collectUses(graph: GraphProto): Map<string, TensorUse[]> {
  const uses = new Map<string, TensorUse[]>();
  const add = (name: string, use: TensorUse) => {
    if (!name) return; // an omitted optional input
    const known = uses.get(name);
    if (known) known.push(use);
    else uses.set(name, [use]);
  };
  graph.node.forEach((node, index) => {
    node.input.forEach((name, slot) => add(name, { kind: 'input', node: index, slot }));
    for (const name of namesReadInSubgraphs(node)) add(name, { kind: 'subgraph', node: index });
  });
  for (const output of graph.output) add(output.name, { kind: 'graph-output' });
  return uses;
}

/** Names read anywhere below the node's graph attributes (a superset of its outer-scope reads). */
function namesReadInSubgraphs(node: NodeProto): Set<string> {
  const names = new Set<string>();
  const visit = (graph: GraphProto) => {
    for (const inner of graph.node) {
      inner.input.forEach((name) => names.add(name));
      subgraphsOf(inner).forEach(visit);
    }
    graph.output.forEach((output) => names.add(output.name));
  };
  subgraphsOf(node).forEach(visit);
  return names;
}

/** The graphs held in a node's attributes: If branches, Loop and Scan bodies. */
export function subgraphsOf(node: NodeProto): GraphProto[] {
  return node.attribute.flatMap((attribute) => (attribute.g ? [attribute.g] : []).concat(attribute.graphs));
}
