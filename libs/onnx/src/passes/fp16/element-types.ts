import type { GraphProto, ValueInfoProto } from 'onnx-buf';
import { type ElementType, outputElementTypes } from './operator-output-types';

/**
 * The element type of every tensor name visible in `graph` in the original model: names of the
 * enclosing graphs (`outer`), then the graph's inputs, initializers and node outputs. Declared
 * types (inputs, outputs, value_info) win over inferred ones, because exporters wrote them from
 * the real model; a node output neither declared nor inferable maps to undefined.
 */
export function inferElementTypes(
  graph: GraphProto,
  outer: ReadonlyMap<string, ElementType>,
): Map<string, ElementType> {
  const declared = new Map<string, ElementType>();
  for (const value of [...graph.input, ...graph.valueInfo, ...graph.output]) {
    const type = declaredType(value);
    if (type !== undefined) declared.set(value.name, type);
  }
  const types = new Map(outer);
  for (const value of graph.input) types.set(value.name, declared.get(value.name));
  for (const tensor of graph.initializer) types.set(tensor.name, tensor.dataType);
  for (const sparse of graph.sparseInitializer) {
    if (sparse.values) types.set(sparse.values.name, sparse.values.dataType);
  }
  for (const node of graph.node) {
    const inferred = outputElementTypes(node, (slot) => types.get(node.input[slot] ?? ''));
    node.output.forEach((name, slot) => {
      if (name) types.set(name, declared.get(name) ?? inferred[slot]);
    });
  }
  return types;
}

function declaredType(value: ValueInfoProto): ElementType {
  const type = value.type?.value;
  return type?.case === 'tensorType' && type.value.elemType ? type.value.elemType : undefined;
}
