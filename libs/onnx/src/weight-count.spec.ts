import { create, type MessageInitShape } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttributeType,
  type AttributeProtoSchema,
  NodeProtoSchema,
  SparseTensorProtoSchema,
  TensorProto_DataType as DataType,
  TensorProtoSchema,
} from 'onnx-buf';
import { constantNode, floatTensor, graph, ifNode, model } from './testing/onnx-test-models';
import { countWeights } from './weight-count';

const sut = countWeights;

const int64Indices = (...indices: bigint[]) =>
  create(TensorProtoSchema, { dims: [BigInt(indices.length)], dataType: DataType.INT64, int64Data: indices });

function node(opType: string, attribute: MessageInitShape<typeof AttributeProtoSchema>, domain = '') {
  return create(NodeProtoSchema, { opType, domain, output: [`${attribute.name}_out`], attribute: [attribute] });
}

describe('countWeights', () => {
  it('counts every form a Constant can hold its value in', () => {
    const sparseTensor = create(SparseTensorProtoSchema, {
      values: floatTensor('', [3]),
      indices: int64Indices(0n, 4n, 9n),
      dims: [10n],
    });
    const built = model(
      graph({
        node: [
          constantNode('t', floatTensor('', [2, 2])),
          node('Constant', { name: 'value_float', type: AttributeType.FLOAT, f: 1 }),
          node('Constant', { name: 'value_floats', type: AttributeType.FLOATS, floats: [1, 2, 3] }),
          node('Constant', { name: 'value_int', type: AttributeType.INT, i: 1n }),
          node('Constant', { name: 'value_ints', type: AttributeType.INTS, ints: [1n, 2n] }),
          node('Constant', { name: 'value_string', type: AttributeType.STRING, s: new Uint8Array(5) }),
          node('Constant', { name: 'sparse_value', type: AttributeType.SPARSE_TENSOR, sparseTensor }),
        ],
      }),
    );

    // elements: 4 + 1 + 3 + 1 + 2 + 1 + 3 (the stored sparse values, not the 10 dense ones)
    // bytes: 16 + 4 + 12 + 8 + 16 + 5 + (12 for values + 24 for int64 indices)
    expect(sut(built)).toEqual({ elements: 15, bytes: 97 });
  });

  it("counts initializers and leaves out tensors in other operators' attributes", () => {
    const built = model(
      graph({
        initializer: [floatTensor('w', [3])],
        node: [
          node('ConstantOfShape', { name: 'value', type: AttributeType.TENSOR, t: floatTensor('', [1]) }),
          node('Constant', { name: 'value', type: AttributeType.TENSOR, t: floatTensor('', [7]) }, 'x.test'),
        ],
      }),
    );

    expect(sut(built)).toEqual({ elements: 3, bytes: 12 });
  });

  it('counts the stored values of sparse initializers, and their indices as bytes', () => {
    const sparse = { values: floatTensor('w', [2]), indices: int64Indices(1n, 5n), dims: [100n] };
    const built = model(graph({ sparseInitializer: [sparse] }));

    expect(sut(built)).toEqual({ elements: 2, bytes: 8 + 16 });
  });

  it('counts the weights inside subgraphs', () => {
    const branch = graph({ node: [constantNode('k', floatTensor('', [6]))] });
    const built = model(graph({ node: [ifNode('c', 'y', branch)] }));

    expect(sut(built)).toEqual({ elements: 6, bytes: 24 });
  });
});
