import type { AttributeProto, ModelProto, NodeProto, SparseTensorProto, TensorProto } from 'onnx-buf';
import { walkGraphs } from './graph-walk';
import { elementCount, tensorBytes } from './tensor-size';

/** Weights of a model: how many elements, and how many bytes at their element types. */
export interface WeightCount {
  elements: number;
  bytes: number;
}

/**
 * Counts initializers, sparse initializers and `Constant` node values in the main graph and every
 * subgraph. Exporters such as Paddle2ONNX keep all weights in `Constant` nodes, so counting
 * initializers alone would report those models as weightless.
 */
export function countWeights(model: ModelProto): WeightCount {
  const total = { elements: 0n, bytes: 0n };
  const add = (part: { elements: bigint; bytes: bigint }) => {
    total.elements += part.elements;
    total.bytes += part.bytes;
  };
  for (const { graph } of walkGraphs(model)) {
    graph.initializer.forEach((tensor) => add(dense(tensor)));
    graph.sparseInitializer.forEach((sparse) => add(sparseWeights(sparse)));
    for (const node of graph.node.filter(isConstant)) {
      node.attribute.forEach((attribute) => add(constantValue(attribute)));
    }
  }
  return { elements: Number(total.elements), bytes: Number(total.bytes) };
}

function isConstant(node: NodeProto): boolean {
  return node.opType === 'Constant' && (node.domain === '' || node.domain === 'ai.onnx');
}

function dense(tensor: TensorProto): { elements: bigint; bytes: bigint } {
  return { elements: elementCount(tensor), bytes: tensorBytes(tensor) };
}

/** Only the stored (non-zero) values count as parameters; their indices still take bytes. */
function sparseWeights(sparse: SparseTensorProto): { elements: bigint; bytes: bigint } {
  const values = sparse.values ? dense(sparse.values) : { elements: 0n, bytes: 0n };
  const indexBytes = sparse.indices ? tensorBytes(sparse.indices) : 0n;
  return { elements: values.elements, bytes: values.bytes + indexBytes };
}

/** A Constant holds exactly one of these attributes (ONNX Constant-12 and later). */
function constantValue(attribute: AttributeProto): { elements: bigint; bytes: bigint } {
  const count = (elements: number, bytesEach: number) => ({
    elements: BigInt(elements),
    bytes: BigInt(elements * bytesEach),
  });
  switch (attribute.name) {
    case 'value':
      return attribute.t ? dense(attribute.t) : count(0, 0);
    case 'sparse_value':
      return attribute.sparseTensor ? sparseWeights(attribute.sparseTensor) : count(0, 0);
    case 'value_float':
    case 'value_int':
      return count(1, attribute.name === 'value_float' ? 4 : 8);
    case 'value_floats':
      return count(attribute.floats.length, 4);
    case 'value_ints':
      return count(attribute.ints.length, 8);
    case 'value_string':
      return { elements: 1n, bytes: BigInt(attribute.s.length) };
    case 'value_strings':
      return {
        elements: BigInt(attribute.strings.length),
        bytes: BigInt(attribute.strings.reduce((sum, text) => sum + text.length, 0)),
      };
    default:
      return count(0, 0);
  }
}
