import { clone, create } from '@bufbuild/protobuf';
import {
  type ModelProto,
  type NodeProto,
  type TensorProto,
  TensorProto_DataType as DataType,
  TensorProtoSchema,
} from 'onnx-buf';
import { walkGraphs } from '../graph-walk';
import { isDefaultDomain } from './node-attributes';
import { floatingTensor, int64Tensor } from './tensor-values';

/**
 * The tensor a `Constant` node produces, named after its output; undefined for any other node, for
 * a sparse value (it has no dense form without expanding it) and for a value that refers to a
 * function attribute (it has no value outside a function call).
 */
export function constantNodeTensor(node: NodeProto): TensorProto | undefined {
  if (node.opType !== 'Constant' || !isDefaultDomain(node.domain) || node.attribute.length !== 1) {
    return undefined;
  }
  const [attribute] = node.attribute;
  const name = node.output[0];
  if (attribute.refAttrName || !name) return undefined;
  switch (attribute.name) {
    case 'value':
      return attribute.t ? renamed(clone(TensorProtoSchema, attribute.t), name) : undefined;
    case 'value_float':
      return floatingTensor(name, DataType.FLOAT, [attribute.f], []);
    case 'value_floats':
      return floatingTensor(name, DataType.FLOAT, attribute.floats);
    case 'value_int':
      return int64Tensor(name, [attribute.i], []);
    case 'value_ints':
      return int64Tensor(name, attribute.ints);
    case 'value_string':
      return create(TensorProtoSchema, { name, dataType: DataType.STRING, stringData: [attribute.s] });
    case 'value_strings':
      return create(TensorProtoSchema, {
        name,
        dataType: DataType.STRING,
        dims: [BigInt(attribute.strings.length)],
        stringData: attribute.strings,
      });
    default:
      return undefined;
  }
}

function renamed(tensor: TensorProto, name: string): TensorProto {
  tensor.name = name;
  return tensor;
}

/**
 * Every value of the model whose content is fixed in the file: initializers and Constant node
 * outputs, in all graphs (value names are unique across a model). An initializer that is also a
 * graph input is left out: the caller may feed another value in its place.
 */
export function collectConstants(model: ModelProto): Map<string, TensorProto> {
  const constants = new Map<string, TensorProto>();
  for (const { graph } of walkGraphs(model)) {
    const inputs = new Set(graph.input.map((input) => input.name));
    for (const tensor of graph.initializer) {
      if (!inputs.has(tensor.name)) constants.set(tensor.name, tensor);
    }
    for (const node of graph.node) {
      const tensor = constantNodeTensor(node);
      if (tensor) constants.set(tensor.name, tensor);
    }
  }
  return constants;
}
