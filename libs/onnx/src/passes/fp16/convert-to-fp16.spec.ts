import { create } from '@bufbuild/protobuf';
import {
  type GraphProto,
  type ModelProto,
  TensorProto_DataType as DataType,
  TensorProtoSchema,
} from 'onnx-buf';
import { writeModel } from '../../model-io';
import { seededFloats } from '../../testing/seeded-random';
import { constantNode, floatTensor, graph, ifNode, model, tensorValue } from '../../testing/onnx-test-models';
import { convertToFp16 } from './convert-to-fp16';
import { runOrt } from './testing/ort-session';
import { castIntoDataModel, convChainModel, node } from './testing/tiny-models';

const elemType = (model: ModelProto, name: string) => {
  const values = [...model.graph!.input, ...model.graph!.output, ...model.graph!.valueInfo];
  const type = values.find((value) => value.name === name)?.type?.value;
  return type?.case === 'tensorType' ? type.value.elemType : undefined;
};
const constantType = (nodes: GraphProto['node'], name: string) =>
  nodes.find((n) => n.opType === 'Constant' && n.output[0] === name)?.attribute[0].t?.dataType;
const maxDifference = (a: Float32Array, b: Float32Array) =>
  a.reduce((max, value, index) => Math.max(max, Math.abs(value - b[index])), 0);

describe('convertToFp16', () => {
  const sut = convertToFp16;

  it('converts a Conv/Add chain to float16, keeping its float32 interface', async () => {
    const original = convChainModel();
    const x = { data: seededFloats(2, 50, -1, 1), dims: [1, 2, 5, 5] };

    const { model: converted, report } = sut(original);

    expect(report).toEqual({ convertedTensors: 3, keptFp32: [], castsInserted: 2 });
    expect(['w', 'b', 'c'].map((name) => constantType(converted.graph!.node, name))).toEqual([
      DataType.FLOAT16, DataType.FLOAT16, DataType.FLOAT16,
    ]);
    expect([elemType(converted, 'x'), elemType(converted, 'y')]).toEqual([DataType.FLOAT, DataType.FLOAT]);
    // ORT refuses a value_info whose type disagrees with the node that produces the tensor.
    expect(elemType(converted, 't')).toBe(DataType.FLOAT16);
    const [expected, actual] = await Promise.all([runOrt(original, { x }), runOrt(converted, { x })]);
    expect(Object.keys(actual)).toEqual(['y']);
    expect(maxDifference(actual.y.data, expected.y.data)).toBeGreaterThan(0); // it did compute in fp16
    expect(maxDifference(actual.y.data, expected.y.data)).toBeLessThan(0.01);
  });

  it('leaves the input model untouched', () => {
    const original = convChainModel();
    const before = writeModel(original);

    sut(original);

    expect(writeModel(original)).toEqual(before);
  });

  it('retypes a Cast to float that feeds float16 data, so the model stays valid', async () => {
    const x = { data: Float32Array.of(1, 2, 3, 4, 5, 6), dims: [2, 3] };

    const { model: converted } = sut(castIntoDataModel());

    const cast = converted.graph!.node.find((n) => n.output[0] === 'counts_float')!;
    expect(Number(cast.attribute[0].i)).toBe(DataType.FLOAT16);
    expect([...(await runOrt(converted, { x })).y.data]).toEqual([1, 4, 9, 16, 25, 36]);
  });

  it('keeps the name of a graph output that is also read inside the graph', async () => {
    const original = model(
      graph({
        node: [node('Relu', ['x'], ['r']), node('Mul', ['r', 'r'], ['y'])],
        input: [tensorValue('x', [3])],
        output: [tensorValue('r', [3]), tensorValue('y', [3])],
      }),
    );

    const { model: converted } = sut(original);

    const outputs = await runOrt(converted, { x: { data: Float32Array.of(-1, 2, 3), dims: [3] } });
    expect(Object.fromEntries(Object.entries(outputs).map(([name, { data }]) => [name, [...data]]))).toEqual({
      r: [0, 2, 3],
      y: [0, 4, 9],
    });
  });

  it('keeps operators listed in keepFp32Ops in float32, with Casts around them', () => {
    const { report } = sut(convChainModel(), { keepFp32Ops: ['Add'] });

    expect(report.keptFp32).toEqual([
      { tensor: 'c', reason: "it feeds Add 'u', which runs in float32" },
      { tensor: 'u', reason: "output of Add 'u', kept in float32: Add is listed in keepFp32Ops" },
    ]);
    expect(report.castsInserted).toBe(4); // x in, Conv out up, Add out down, y out
  });

  it('converts the weights inside If branches', async () => {
    const branch = (op: string, weights: number[]) =>
      graph({
        node: [
          constantNode(`${op}_w`, floatTensor('', [3], weights)),
          node(op, ['x', `${op}_w`], [`${op}_y`]),
        ],
        output: [tensorValue(`${op}_y`, [3])],
      });
    const yes = create(TensorProtoSchema, { dataType: DataType.BOOL, int32Data: [1] });
    const original = model(
      graph({
        node: [
          constantNode('condition', yes),
          ifNode('condition', 'y', branch('Mul', [0.5, 0.25, 2]), branch('Add', [1, 1, 1])),
        ],
        input: [tensorValue('x', [3])],
        output: [tensorValue('y', [3])],
      }),
    );

    const { model: converted, report } = sut(original);

    const thenBranch = converted.graph!.node.find((n) => n.opType === 'If')!.attribute[0].g!;
    expect(constantType(thenBranch.node, 'Mul_w')).toBe(DataType.FLOAT16);
    expect(report.convertedTensors).toBe(2);
    const outputs = await runOrt(converted, { x: { data: Float32Array.of(4, 4, 4), dims: [3] } });
    expect([...outputs.y.data]).toEqual([2, 1, 8]);
  });
});
