import type { GraphProto, ModelProto, TensorProto } from 'onnx-buf';
import { TensorProto_DataType as DataType } from 'onnx-buf';
import { walkGraphs } from '../../graph-walk';
import { isExternal } from '../../tensor-size';
import { isDefaultDomain } from '../node-attributes';

/**
 * Operators whose input 1 is a weight matrix or kernel that tolerates magnitude pruning. Nothing
 * else: zeroing BatchNorm parameters wrecked a model (argmax 0/40, notes pitfall 4), and biases
 * are too few to be worth it.
 */
const PRUNABLE_OPERATORS: ReadonlySet<string> = new Set(['Conv', 'MatMul', 'Gemm']);
const WEIGHT_INPUT = 1;

/**
 * The float32 initializers of `model` (subgraphs included) that are used only as input 1 of Conv,
 * MatMul or Gemm. A tensor that anything else also reads is left out, so pruning it cannot change
 * that other computation; so is one stored outside the model file.
 */
export function prunableWeights(model: ModelProto): TensorProto[] {
  const weightUse = new Map<TensorProto, boolean>();
  const visits = [...walkGraphs(model)];
  const names = new Map(visits.map(({ graph }) => [graph, namesOf(graph)]));
  for (const { graph, path } of visits) {
    const scopes = enclosingGraphs(path, visits).map((outer) => names.get(outer)!);
    for (const node of graph.node) {
      const prunableNode = isDefaultDomain(node.domain) && PRUNABLE_OPERATORS.has(node.opType);
      node.input.forEach((name, index) => {
        const tensor = name ? resolveInitializer(name, scopes) : undefined;
        if (!tensor) return;
        const asWeight = prunableNode && index === WEIGHT_INPUT;
        weightUse.set(tensor, (weightUse.get(tensor) ?? true) && asWeight);
      });
    }
  }
  return [...weightUse]
    .filter(([tensor, onlyWeight]) => onlyWeight && tensor.dataType === DataType.FLOAT && !isExternal(tensor))
    .map(([tensor]) => tensor);
}

/** The graph at `path` and the graphs around it, innermost first: the order names resolve in. */
function enclosingGraphs(path: string, visits: { graph: GraphProto; path: string }[]): GraphProto[] {
  return visits
    .filter((visit) => visit.path === path || path.startsWith(`${visit.path}.`))
    .sort((a, b) => b.path.length - a.path.length)
    .map((visit) => visit.graph);
}

/** The names one graph defines: its initializers, and the values it computes or receives. */
interface GraphNames {
  initializers: Map<string, TensorProto>;
  computed: Set<string>;
}

function namesOf(graph: GraphProto): GraphNames {
  return {
    initializers: new Map(graph.initializer.map((tensor) => [tensor.name, tensor])),
    computed: new Set([...graph.input.map((input) => input.name), ...graph.node.flatMap((node) => node.output)]),
  };
}

/**
 * The initializer a node input names, by ONNX scoping: the innermost graph that defines the name
 * wins, and a name an inner graph computes (node output or graph input) hides an outer initializer.
 * An initializer also listed as a graph input (IR < 4 style) still counts as the initializer.
 */
function resolveInitializer(name: string, scopes: GraphNames[]): TensorProto | undefined {
  for (const { initializers, computed } of scopes) {
    const initializer = initializers.get(name);
    if (initializer) return initializer;
    if (computed.has(name)) return undefined;
  }
  return undefined;
}
