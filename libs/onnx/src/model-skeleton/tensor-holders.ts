import type { DescMessage } from '@bufbuild/protobuf';
import { TensorProtoSchema } from 'onnx-buf';
import { messageOf } from '../protobuf-wire-types';

const answers = new Map<DescMessage, boolean>();

/**
 * Whether a message of this type can hold a TensorProto, itself or somewhere below it: ModelProto,
 * GraphProto, NodeProto, AttributeProto, FunctionProto, SparseTensorProto, TrainingInfoProto and
 * TensorProto do. Derived from the schema, so a tensor field a newer ONNX adds is not missed.
 */
export function holdsTensors(schema: DescMessage): boolean {
  let answer = answers.get(schema);
  if (answer === undefined) {
    answer = reachesTensor(schema, new Set());
    answers.set(schema, answer);
  }
  return answer;
}

// GraphProto and AttributeProto refer to each other: a type already on the way is not followed again.
function reachesTensor(schema: DescMessage, onTheWay: Set<DescMessage>): boolean {
  if (schema.typeName === TensorProtoSchema.typeName) return true;
  if (onTheWay.has(schema)) return false;
  onTheWay.add(schema);
  return schema.fields.some((field) => {
    const inner = messageOf(field);
    return inner !== undefined && reachesTensor(inner, onTheWay);
  });
}
