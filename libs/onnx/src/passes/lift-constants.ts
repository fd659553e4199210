import { clone } from '@bufbuild/protobuf';
import { type GraphProto, type ModelProto, ModelProtoSchema, type NodeProto } from 'onnx-buf';
import { walkGraphs } from '../graph-walk';
import { constantNodeTensor } from './constant-node';

/** IR 4 dropped the rule that every initializer must also be listed as a graph input. */
const IR_VERSION_WITH_FREE_INITIALIZERS = 4n;

/**
 * Returns a copy of the model in which every `Constant` node has become an initializer of the
 * graph that held it (subgraphs included), named after the node's output, so weight passes find
 * all weights in `initializer`. The input model is not changed.
 *
 * Kept as nodes: constants whose output is also an output of their graph (an initializer as a
 * graph output is not accepted by every runtime), sparse values and function-attribute references.
 * A model below IR 4 is raised to IR 4, which only relaxed the initializer-must-be-input rule.
 */
export function liftConstants(model: ModelProto): ModelProto {
  const lifted = clone(ModelProtoSchema, model);
  let liftedAny = false;
  for (const { graph } of [...walkGraphs(lifted)]) liftedAny = liftGraphConstants(graph) || liftedAny;
  if (liftedAny && lifted.irVersion < IR_VERSION_WITH_FREE_INITIALIZERS) {
    lifted.irVersion = IR_VERSION_WITH_FREE_INITIALIZERS;
  }
  return lifted;
}

function liftGraphConstants(graph: GraphProto): boolean {
  const graphOutputs = new Set(graph.output.map((output) => output.name));
  const kept: NodeProto[] = [];
  for (const node of graph.node) {
    const tensor = graphOutputs.has(node.output[0]) ? undefined : constantNodeTensor(node);
    if (tensor) graph.initializer.push(tensor);
    else kept.push(node);
  }
  const liftedAny = kept.length !== graph.node.length;
  graph.node = kept;
  return liftedAny;
}
