import { toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataType as DataType } from 'onnx-buf';
import { Tensor } from 'onnxruntime-node';
import { runModel, seededInput } from '../testing/ort-run';
import { type TinyNode, tinyModel, toNode } from '../testing/tiny-model';
import { graph, ifNode, tensorValue } from '../../testing/onnx-test-models';
import { upgradeOpset } from './opset-upgrade';
import { OpsetUpgradeUnsupportedError } from './opset-upgrade.errors';

const slice = (input: string, output: string, start: bigint): TinyNode => ({
  opType: 'Slice',
  input: [input],
  output: [output],
  attributes: { starts: [start], ends: [start + 2n] },
});
const sliceNode = (output: string, start: bigint) => toNode(slice('x', output, start));
const reluAt = (opset: number) =>
  tinyModel(opset, [{ opType: 'Relu', input: ['x'], output: ['y'] }], [tensorValue('x', [2])], [
    tensorValue('y', [2]),
  ]);

/** `If(c)` whose branches return different Slice-1s of the outer-scope x. */
function modelWithSubgraph() {
  const thenBranch = graph({ node: [sliceNode('head', 0n)], output: [tensorValue('head', [2])] });
  const elseBranch = graph({ node: [sliceNode('tail', 2n)], output: [tensorValue('tail', [2])] });
  const original = tinyModel(9, [], [tensorValue('x', [4]), tensorValue('c', [], DataType.BOOL)], [
    tensorValue('y', null),
  ]);
  original.graph!.node.push(ifNode('c', 'y', thenBranch, elseBranch));
  return original;
}

describe('upgradeOpset', () => {
  const sut = upgradeOpset;

  it('returns a new model and leaves its input unchanged', () => {
    const original = tinyModel(9, [slice('x', 'y', 0n)], [tensorValue('x', [3])], [tensorValue('y', null)]);
    const bytesBefore = toBinary(ModelProtoSchema, original);

    const upgraded = sut(original, 13);

    expect(upgraded).not.toBe(original);
    expect(toBinary(ModelProtoSchema, original)).toEqual(bytesBefore);
  });

  it('declares the target opset and raises the IR version to the one paired with it', () => {
    const original = reluAt(9);
    original.irVersion = 4n;
    original.opsetImport.push({ $typeName: 'onnx.OperatorSetIdProto', domain: 'com.example', version: 2n });

    const upgraded = sut(original);

    expect(upgraded.opsetImport.map(({ domain, version }) => [domain, version])).toEqual([
      ['', 13n],
      ['com.example', 2n],
    ]);
    expect(upgraded.irVersion).toBe(7n);
  });

  it('converts nodes inside subgraphs, with the same results in ONNX Runtime', async () => {
    const original = modelWithSubgraph();
    const x = seededInput(14, [4]);
    const feeds = (condition: boolean) => ({ x, c: new Tensor('bool', [condition], []) });

    const upgraded = sut(original, 13);

    const branches = upgraded.graph!.node[0].attribute.map((attribute) => attribute.g!);
    expect(branches.map((branch) => branch.node[0].input.length)).toEqual([4, 4]);
    expect(branches.map((branch) => branch.initializer.length)).toEqual([3, 3]);
    for (const condition of [true, false]) {
      expect(await runModel(upgraded, feeds(condition))).toEqual(await runModel(original, feeds(condition)));
    }
  });

  it('leaves nodes of other domains alone', () => {
    const original = reluAt(9);
    original.graph!.node.push(toNode(slice('y', 'z', 0n)));
    original.graph!.node[1].domain = 'com.example';

    const upgraded = sut(original, 13);

    expect(upgraded.graph!.node[1]).toEqual(original.graph!.node[1]);
  });

  it('names every operator it cannot convert in one error, with a stable code', () => {
    const original = tinyModel(8, [
      { opType: 'Scan', input: ['x'], output: ['a'] },
      { opType: 'FancyOp', input: ['a'], output: ['b'] },
      { opType: 'FancyOp', input: ['b'], output: ['c'] },
      { opType: 'Celu', input: ['c'], output: ['d'] },
    ], [], []);

    const error = catchError(() => sut(original, 13));

    expect(error).toBeInstanceOf(OpsetUpgradeUnsupportedError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'onnx.opset_upgrade_unsupported' });
    expect(error.details.problems.map(({ opType, nodes }) => [opType, nodes])).toEqual([
      ['Scan', 1],
      ['FancyOp', 2],
      ['Celu', 1],
    ]);
    expect(error.message).toMatch(/FancyOp \(2 nodes, first graph\.node\[1\] "FancyOp_b"\): not an operator/);
    expect(error.message).toMatch(/Celu .*does not exist at opset 8/);
  });

  it.each([
    ['a lower opset', 11, 9, /lowering the opset/],
    ['an opset beyond 13', 9, 14, /opsets up to 13/],
    ['a model below opset 7', 6, 13, /below opset 7/],
  ])('refuses %s', (_, from, to, reason) => {
    expect(() => sut(reluAt(from), to)).toThrow(reason);
  });

  it('refuses a model that imports no default-domain opset', () => {
    const original = reluAt(9);
    original.opsetImport = [];

    expect(() => sut(original, 13)).toThrow(/imports no default-domain opset/);
  });

  it('returns an equal copy of a model already at the target', () => {
    const original = reluAt(13);

    expect(sut(original, 13)).toEqual(original);
  });
});

function catchError(action: () => unknown): OpsetUpgradeUnsupportedError {
  try {
    action();
  } catch (error) {
    return error as OpsetUpgradeUnsupportedError;
  }
  throw new Error('expected an error');
}
