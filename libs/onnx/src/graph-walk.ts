import { isMessage } from '@bufbuild/protobuf';
import { reflect, type ReflectMessage } from '@bufbuild/protobuf/reflect';
import {
  type GraphProto,
  type ModelProto,
  ModelProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  type TensorProto,
  TensorProtoSchema,
} from 'onnx-buf';

/** A graph and where it sits in the model, as a path of proto field names. */
export interface GraphVisit {
  graph: GraphProto;
  /** `graph` for the main graph, e.g. `graph.node[7].attribute[0].g` for a subgraph. */
  path: string;
}

/** A node and the graph that holds it. */
export interface NodeVisit {
  node: NodeProto;
  /** e.g. `graph.node[7].attribute[0].g.node[2]`. */
  path: string;
}

/** A tensor found anywhere in the model. */
export interface TensorVisit {
  tensor: TensorProto;
  /** e.g. `graph.initializer[3]` or `graph.node[12].attribute[0].t`. */
  path: string;
  /** How to name it to a person: its own name, else the first output of the node that holds it. */
  label: string;
}

/**
 * The main graph, then every subgraph below it (node attributes `g` and `graphs`: If branches,
 * Loop and Scan bodies), depth-first in file order. Model-local function bodies and training
 * graphs are not visited: a runtime executes the former through their call nodes and never runs
 * the latter.
 */
export function* walkGraphs(model: ModelProto): Generator<GraphVisit> {
  if (model.graph) yield* walkGraph(model.graph, 'graph');
}

function* walkGraph(graph: GraphProto, path: string): Generator<GraphVisit> {
  yield { graph, path };
  for (const [nodeIndex, node] of graph.node.entries()) {
    for (const [attributeIndex, attribute] of node.attribute.entries()) {
      const attributePath = `${path}.node[${nodeIndex}].attribute[${attributeIndex}]`;
      if (attribute.g) yield* walkGraph(attribute.g, `${attributePath}.g`);
      for (const [index, subgraph] of attribute.graphs.entries()) {
        yield* walkGraph(subgraph, `${attributePath}.graphs[${index}]`);
      }
    }
  }
}

/** Every node of the main graph and its subgraphs (see `walkGraphs`). */
export function* walkNodes(model: ModelProto): Generator<NodeVisit> {
  for (const { graph, path } of walkGraphs(model)) {
    for (const [index, node] of graph.node.entries()) yield { node, path: `${path}.node[${index}]` };
  }
}

/** Whether any node of the model carries a subgraph. */
export function hasSubgraphs(model: ModelProto): boolean {
  const graphs = walkGraphs(model);
  graphs.next(); // the main graph
  return graphs.next().done === false;
}

/**
 * Every TensorProto anywhere in the model: initializers, sparse tensors, node attributes in graphs,
 * subgraphs, function bodies and training graphs. Checks that guard the file system or memory use
 * this walk, so a tensor cannot hide where the main-graph walk does not look.
 */
export function* walkAllTensors(model: ModelProto): Generator<TensorVisit> {
  yield* tensorsIn(reflect(ModelProtoSchema, model), '', undefined);
}

function* tensorsIn(
  message: ReflectMessage,
  path: string,
  node: NodeProto | undefined,
): Generator<TensorVisit> {
  if (isMessage(message.message, TensorProtoSchema)) {
    const tensor = message.message;
    yield { tensor, path, label: tensor.name || node?.output[0] || node?.name || '' };
    return; // a TensorProto holds no further tensors
  }
  const holder = isMessage(message.message, NodeProtoSchema) ? message.message : node;
  for (const field of message.fields) {
    const fieldPath = path ? `${path}.${field.name}` : field.name;
    if (field.fieldKind === 'message' && message.isSet(field)) {
      yield* tensorsIn(message.get(field), fieldPath, holder);
    } else if (field.fieldKind === 'list' && field.listKind === 'message') {
      let index = 0;
      for (const item of message.get(field)) {
        yield* tensorsIn(item as ReflectMessage, `${fieldPath}[${index++}]`, holder);
      }
    }
  }
}
