import { create, type MessageInitShape } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttributeType,
  type ModelProto,
  NodeProtoSchema,
  type TensorProto,
  type ValueInfoProto,
} from 'onnx-buf';
import { graph, model } from '../../testing/onnx-test-models';

/** Init of a node; `attributes` maps names to INT (bigint), FLOAT (number), STRING, INTS or FLOATS. */
export interface TinyNode {
  opType: string;
  input: string[];
  output: string[];
  attributes?: Record<string, bigint | number | string | bigint[] | number[]>;
}

/** A model of the given nodes at an old default-domain opset, as exporters of that time wrote it. */
export function tinyModel(
  opset: number,
  nodes: TinyNode[],
  inputs: ValueInfoProto[],
  outputs: ValueInfoProto[],
  initializer: TensorProto[] = [],
): ModelProto {
  return model(graph({ node: nodes.map(toNode), input: inputs, output: outputs, initializer }), {
    irVersion: 7n,
    opsetImport: [{ domain: '', version: BigInt(opset) }],
  });
}

export function toNode({ opType, input, output, attributes = {} }: TinyNode) {
  return create(NodeProtoSchema, {
    opType,
    input,
    output,
    name: `${opType}_${output[0]}`,
    attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
  });
}

type AttributeInit = MessageInitShape<typeof NodeProtoSchema>['attribute'] extends (infer A)[] | undefined
  ? A
  : never;

function attribute(name: string, value: bigint | number | string | bigint[] | number[]): AttributeInit {
  if (typeof value === 'bigint') return { name, type: AttributeType.INT, i: value };
  if (typeof value === 'number') return { name, type: AttributeType.FLOAT, f: value };
  if (typeof value === 'string') {
    return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  }
  // An empty list is written as INTS: the list attributes these specs need are mostly integers.
  if (value.length === 0 || typeof value[0] === 'bigint') {
    return { name, type: AttributeType.INTS, ints: value as bigint[] };
  }
  return { name, type: AttributeType.FLOATS, floats: value as number[] };
}
