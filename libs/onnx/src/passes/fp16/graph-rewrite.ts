import { create } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttributeType,
  AttributeProtoSchema,
  type GraphProto,
  type NodeProto,
  TensorProto_DataType as DataType,
  TensorProtoSchema,
} from 'onnx-buf';
import { CastPlacement } from './cast-placement';
import { readFloat32Values, storeAsFloat16 } from './float-tensor';
import { encodeFloat16 } from '../../float16/float16-arrays';
import { attribute } from './operator-output-types';
import type { GraphPlan, TensorFacts } from './precision-plan';
import type { UniqueNames } from './unique-names';

/** What rewriting one graph did, and what its subgraphs see of it. */
export interface GraphRewrite {
  /** Weights stored as float16 in this graph (its subgraphs not included). */
  convertedTensors: number;
  /** Cast nodes added to this graph. */
  castsInserted: number;
  /** The tensors visible to subgraphs, with the precision each name holds after the rewrite. */
  visible: Map<string, TensorFacts>;
}

// They read only the size of their input, which a Cast would not change.
const SHAPE_READERS = new Set(['Shape', 'Size']);

/**
 * Applies a plan to `graph` in place: stores the chosen weights as float16, retypes Casts and
 * value_info, and puts a Cast wherever a node reads a float32 tensor in the other precision, just
 * before the first such reader, so the node list stays topologically sorted. A graph output held
 * in float16 keeps its name, which callers use: its producer writes `<name>_fp16` instead.
 */
export function rewriteGraph(graph: GraphProto, plan: GraphPlan, names: UniqueNames): GraphRewrite {
  const isFloat = (name: string) => plan.tensors.get(name)?.type === DataType.FLOAT;
  const casts = new CastPlacement((name) => plan.tensors.get(name)!.precision, names);
  const producers = new Map(
    graph.node.flatMap((node, index) => node.output.map((name) => [name, index] as const)),
  );
  const castsAfter = new Map<number, NodeProto[]>();
  for (const name of new Set(graph.output.map((output) => output.name))) {
    const producer = producers.get(name);
    if (producer === undefined || !isFloat(name) || plan.tensors.get(name)!.precision === 'fp32') continue;
    const { float16Name, cast } = casts.keepOutputName(name);
    const node = graph.node[producer];
    node.output = node.output.map((output) => (output === name ? float16Name : output));
    castsAfter.set(producer, [...(castsAfter.get(producer) ?? []), cast]);
  }

  let convertedTensors = 0;
  for (const tensor of graph.initializer) {
    const values = plan.toFloat16.get(tensor.name);
    if (values) storeAsFloat16(tensor, values);
    if (values) convertedTensors += 1;
  }
  const nodes: NodeProto[] = [];
  const emit = (node: NodeProto) => nodes.push(node);
  graph.node.forEach((node, index) => {
    const readsValues = !SHAPE_READERS.has(node.opType);
    node.input = node.input.map((name, slot) =>
      name && isFloat(name) && readsValues ? casts.read(name, plan.wantedAt(index, slot), emit) : name,
    );
    if (plan.nodePrecision[index] === 'fp16') convertedTensors += retypeNode(node, plan.toFloat16);
    nodes.push(node, ...(castsAfter.get(index) ?? []));
  });
  // A subgraph may return an outer float16 value as it is: cast it here. Subgraph outputs are
  // matched by position, so the Cast's output may take the output's place.
  for (const output of graph.output) {
    if (isFloat(output.name) && !producers.has(output.name)) {
      output.name = casts.read(output.name, 'fp32', emit);
    }
  }
  graph.node = nodes;

  for (const value of graph.valueInfo) {
    const type = value.type?.value;
    if (type?.case === 'tensorType' && isFloat(value.name) && casts.precisionOfName(value.name) === 'fp16') {
      type.value.elemType = DataType.FLOAT16;
    }
  }
  const visible = new Map(
    [...plan.tensors].map(([name, facts]) => [
      name,
      isFloat(name) ? { ...facts, precision: casts.precisionOfName(name) } : facts,
    ]),
  );
  return { convertedTensors, castsInserted: casts.castsInserted, visible };
}

/** Moves a node that runs in float16 onto float16 types; returns how many weights it converted. */
function retypeNode(node: NodeProto, toFloat16: ReadonlyMap<string, Float32Array>): number {
  const to = attribute(node, 'to');
  if (node.opType === 'Cast' && to && Number(to.i) === DataType.FLOAT) to.i = BigInt(DataType.FLOAT16);
  const value = attribute(node, 'value')?.t;
  if (node.opType === 'ConstantOfShape' && value?.dataType === DataType.FLOAT) {
    // fp32-islands.ts keeps in float32 a ConstantOfShape whose value is external or overflows.
    storeAsFloat16(value, readFloat32Values(value)!);
    return 1;
  }
  const values = node.opType === 'Constant' ? toFloat16.get(node.output[0]) : undefined;
  if (!values) return 0;
  const [held] = node.attribute;
  if (held.t) {
    storeAsFloat16(held.t, values);
  } else {
    // value_float / value_floats have no float16 form: store the value as a tensor instead.
    const dims = held.name === 'value_floats' ? [BigInt(values.length)] : [];
    const t = create(TensorProtoSchema, { dims, dataType: DataType.FLOAT16, rawData: encodeFloat16(values) });
    node.attribute = [create(AttributeProtoSchema, { name: 'value', type: AttributeType.TENSOR, t })];
  }
  return 1;
}
