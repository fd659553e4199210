import { TensorProto_DataType as DataType } from 'onnx-buf';
import { collectConstants } from '../constant-node';
import { int64Tensor } from '../tensor-values';
import { type TinyNode, tinyModel } from '../testing/tiny-model';
import { tensorValue } from '../../testing/onnx-test-models';
import { inferValueFacts } from './value-facts';

function factsOf(nodes: TinyNode[], initializers = [int64Tensor('one', [1])]) {
  const model = tinyModel(9, nodes, [tensorValue('x', ['N', 3, 48, 'W'])], [], initializers);
  return inferValueFacts(model, collectConstants(model));
}

describe('inferValueFacts', () => {
  const sut = factsOf;

  it('follows a shape computation to the rank of a Reshape (PaddleOCR cls head)', () => {
    const facts = sut([
      { opType: 'GlobalAveragePool', input: ['x'], output: ['pooled'] },
      { opType: 'Shape', input: ['pooled'], output: ['shape'] },
      { opType: 'Cast', input: ['shape'], output: ['shape32'], attributes: { to: BigInt(DataType.INT32) } },
      { opType: 'Slice', input: ['shape32'], output: ['batch'], attributes: { starts: [0n], ends: [1n] } },
      { opType: 'Concat', input: ['batch', 'one'], output: ['target'], attributes: { axis: 0n } },
      { opType: 'Reshape', input: ['pooled', 'target'], output: ['flat'] },
    ]);

    expect(facts.get('shape')).toEqual({ elemType: DataType.INT64, shape: [4] });
    expect(facts.get('shape32')).toEqual({ elemType: DataType.INT32, shape: [4] });
    expect(facts.get('batch')?.shape).toEqual([1]);
    expect(facts.get('target')?.shape).toEqual([2]);
    expect(facts.get('flat')).toEqual({ elemType: DataType.FLOAT, shape: [null, null] });
  });

  it('follows ranks through Transpose, Slice, Squeeze and MatMul (PaddleOCR rec attention)', () => {
    const facts = sut([
      { opType: 'Custom', input: ['x'], output: ['unknown'] },
      { opType: 'Reshape', input: ['unknown', 'dynamic'], output: ['r'] },
      { opType: 'Transpose', input: ['r'], output: ['t'], attributes: { perm: [2n, 0n, 3n, 1n, 4n] } },
      { opType: 'Slice', input: ['t'], output: ['s'], attributes: { starts: [0n], ends: [1n], axes: [0n] } },
      { opType: 'Squeeze', input: ['s'], output: ['q'], attributes: { axes: [0n] } },
      { opType: 'Transpose', input: ['q'], output: ['k'], attributes: { perm: [0n, 1n, 3n, 2n] } },
      { opType: 'MatMul', input: ['q', 'k'], output: ['scores'] },
    ]);

    expect(facts.get('r')).toEqual({});
    expect(facts.get('t')?.shape).toEqual([null, null, null, null, null]);
    expect(facts.get('q')?.shape).toHaveLength(4);
    expect(facts.get('scores')?.shape).toHaveLength(4);
  });

  it('computes sizes where inputs are known and marks the rest unknown', () => {
    const facts = sut([
      { opType: 'Unsqueeze', input: ['x'], output: ['u'], attributes: { axes: [0n, -1n] } },
      { opType: 'ReduceMean', input: ['x'], output: ['m'], attributes: { axes: [-1n], keepdims: 0n } },
      { opType: 'Add', input: ['x', 'one'], output: ['sum'] },
      { opType: 'Greater', input: ['x', 'one'], output: ['bigger'] },
      { opType: 'Flatten', input: ['x'], output: ['f'], attributes: { axis: 2n } },
    ]);

    expect(facts.get('u')?.shape).toEqual([1, null, 3, 48, null, 1]);
    expect(facts.get('m')?.shape).toEqual([null, 3, 48]);
    expect(facts.get('sum')).toEqual({ elemType: DataType.FLOAT, shape: [null, 3, 48, null] });
    expect(facts.get('bigger')?.elemType).toBe(DataType.BOOL);
    expect(facts.get('f')?.shape).toEqual([null, null]);
  });

  it('knows nothing about the outputs of operators it has no rule for', () => {
    const facts = sut([{ opType: 'NonZero', input: ['x'], output: ['where'] }]);

    expect(facts.get('where')).toEqual({});
  });
});
