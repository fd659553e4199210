import { create, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttributeType,
  ModelProtoSchema,
  NodeProtoSchema,
  TensorProto_DataType as DataType,
} from 'onnx-buf';
import { Tensor } from 'onnxruntime-node';
import {
  constantNode,
  floatTensor,
  graph,
  ifNode,
  model,
  tensorValue,
} from '../testing/onnx-test-models';
import { liftConstants } from './lift-constants';
import { readFloats, readIntegers } from './tensor-values';
import { runModel, seededInput } from './testing/ort-run';

/** y = If(c) { x + w_then } else { x * w_else } + bias, every weight a Constant node. */
function modelWithConstantsEverywhere() {
  const branch = (opType: string, weight: string, output: string) =>
    graph({
      node: [
        constantNode(weight, floatTensor('', [3], [1, -2, 0.5])),
        { opType, input: ['x', weight], output: [output] },
      ],
      output: [tensorValue(output, [3])],
    });
  return model(
    graph({
      node: [
        constantNode('bias', floatTensor('', [3], [0.25, 0.25, -1])),
        ifNode('c', 'branch_out', branch('Add', 'w_then', 'sum'), branch('Mul', 'w_else', 'product')),
        { opType: 'Add', input: ['branch_out', 'bias'], output: ['y'] },
      ],
      input: [tensorValue('x', [3]), tensorValue('c', [], DataType.BOOL)],
      output: [tensorValue('y', [3])],
    }),
  );
}

const valueNode = (output: string, attribute: Parameters<typeof create<typeof NodeProtoSchema>>[1]) =>
  create(NodeProtoSchema, { opType: 'Constant', output: [output], ...attribute });

describe('liftConstants', () => {
  const sut = liftConstants;

  it('turns each Constant into an initializer of the graph that held it, named after its output', () => {
    const lifted = sut(modelWithConstantsEverywhere());

    const main = lifted.graph!;
    const [thenBranch, elseBranch] = main.node[0].attribute.map((attribute) => attribute.g!);
    expect(main.node.map((node) => node.opType)).toEqual(['If', 'Add']);
    expect(main.initializer.map((tensor) => tensor.name)).toEqual(['bias']);
    expect(thenBranch.initializer.map((tensor) => [tensor.name, readFloats(tensor)])).toEqual([
      ['w_then', [1, -2, 0.5]],
    ]);
    expect(elseBranch.node.map((node) => node.opType)).toEqual(['Mul']);
  });

  it('computes the same in ONNX Runtime, in both branches', async () => {
    const original = modelWithConstantsEverywhere();
    const x = seededInput(15, [3]);

    const lifted = sut(original);

    for (const condition of [true, false]) {
      const feeds = { x, c: new Tensor('bool', [condition], []) };
      expect(await runModel(lifted, feeds)).toEqual(await runModel(original, feeds));
    }
  });

  it('writes the value_* attributes as tensors of their documented type and shape', () => {
    const original = model(
      graph({
        node: [
          valueNode('f', { attribute: [{ name: 'value_float', type: AttributeType.FLOAT, f: 1.5 }] }),
          valueNode('fs', {
            attribute: [{ name: 'value_floats', type: AttributeType.FLOATS, floats: [1, 2] }],
          }),
          valueNode('i', { attribute: [{ name: 'value_int', type: AttributeType.INT, i: 7n }] }),
          valueNode('is', { attribute: [{ name: 'value_ints', type: AttributeType.INTS, ints: [3n, -1n] }] }),
        ],
        output: [],
      }),
    );

    const { initializer } = sut(original).graph!;

    const described = initializer.map((tensor) => [
      tensor.name,
      tensor.dataType,
      tensor.dims,
      readFloats(tensor) ?? readIntegers(tensor),
    ]);
    expect(described).toEqual([
      ['f', DataType.FLOAT, [], [1.5]],
      ['fs', DataType.FLOAT, [2n], [1, 2]],
      ['i', DataType.INT64, [], [7n]],
      ['is', DataType.INT64, [2n], [3n, -1n]],
    ]);
  });

  it('keeps constants that are graph outputs, and sparse ones, as nodes', () => {
    const sparse = valueNode('s', {
      attribute: [{ name: 'sparse_value', type: AttributeType.SPARSE_TENSOR, sparseTensor: { dims: [4n] } }],
    });
    const original = model(
      graph({
        node: [constantNode('out', floatTensor('', [1])), sparse],
        output: [tensorValue('out', [1])],
      }),
    );

    const lifted = sut(original);

    expect(lifted.graph!.node.map((node) => node.output[0])).toEqual(['out', 's']);
    expect(lifted.graph!.initializer).toEqual([]);
  });

  it('leaves its input unchanged', () => {
    const original = modelWithConstantsEverywhere();
    const bytes = toBinary(ModelProtoSchema, original);

    sut(original);

    expect(toBinary(ModelProtoSchema, original)).toEqual(bytes);
  });

  it('raises IR 3, where initializers had to be graph inputs, to IR 4', () => {
    const original = modelWithConstantsEverywhere();
    original.irVersion = 3n;

    expect(sut(original).irVersion).toBe(4n);
  });
});
