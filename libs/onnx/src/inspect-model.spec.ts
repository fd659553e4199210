import type { ModelMetadata } from '@edgeplane/contracts';
import { InferenceSession } from 'onnxruntime-node';
import {
  TensorProto_DataLocation,
  TensorProto_DataType as DataType,
} from 'onnx-buf';
import { inspectModel } from './inspect-model';
import { readModel, writeModel } from './model-io';
import { validateModel } from './model-validation';
import {
  constantNode,
  floatTensor,
  graph,
  ifNode,
  model,
  REAL_MODEL_FILES,
  type RealModelName,
  realModelBytes,
  tensorValue,
} from './testing/onnx-test-models';

const sut = inspectModel;

const inspectReal = (name: RealModelName): ModelMetadata => sut(readModel(realModelBytes(name)));

/** Paddle2ONNX names every dynamic dimension `p2o.DynamicDimension.<n>`. */
const dynamic = (index: number) => `p2o.DynamicDimension.${index}`;

/**
 * Checked by hand against the files (PaddleOCR via Paddle2ONNX): all weights sit in float32 /
 * int32 / int64 Constant nodes, there are no initializers, no subgraphs, no producer name.
 */
describe('inspectModel on the real PaddleOCR models', () => {
  it('reads the direction classifier', () => {
    const metadata = inspectReal('cls');

    expect(metadata).toMatchObject<Partial<ModelMetadata>>({
      irVersion: 8,
      producer: { name: '', version: '' },
      opsets: [{ domain: '', version: 9 }],
      // Only the channel count is fixed: height (48 in practice) is symbolic in this file.
      inputs: [{ name: 'x', elementType: 'float32', shape: [dynamic(0), 3, dynamic(1), dynamic(2)] }],
      outputs: [{ name: 'softmax_0.tmp_0', elementType: 'float32', shape: [dynamic(3), 2] }],
      nodeCount: 471,
      parameterCount: 133_665,
      weightBytes: 534_660,
      externalData: [],
      hasSubgraphs: false,
    });
    expect(metadata.operators).toEqual({
      Constant: 250, Conv: 53, BatchNormalization: 35, Mul: 27, Add: 26, Clip: 18, Div: 18, Relu: 15,
      GlobalAveragePool: 10, HardSigmoid: 9, Cast: 3, MaxPool: 1, Shape: 1, Slice: 1, Concat: 1,
      Reshape: 1, MatMul: 1, Softmax: 1,
    });
  });

  it('reads the text detector', () => {
    const metadata = inspectReal('det');

    expect(metadata).toMatchObject<Partial<ModelMetadata>>({
      opsets: [{ domain: '', version: 11 }],
      inputs: [{ name: 'x', elementType: 'float32', shape: [dynamic(0), 3, dynamic(1), dynamic(2)] }],
      outputs: [{ name: 'sigmoid_0.tmp_0', elementType: 'float32', shape: [dynamic(3), 1, dynamic(4), dynamic(5)] }],
      nodeCount: 672,
      parameterCount: 1_171_841,
      weightBytes: 4_687_364,
    });
    expect(metadata.operators).toEqual({
      Constant: 342, Add: 89, Mul: 86, Conv: 62, Clip: 24, Div: 24, Relu: 12, GlobalAveragePool: 10,
      HardSigmoid: 10, Resize: 6, BatchNormalization: 3, ConvTranspose: 2, Concat: 1, Sigmoid: 1,
    });
  });

  it('reads the text recognizer', () => {
    const metadata = inspectReal('rec');

    expect(metadata).toMatchObject<Partial<ModelMetadata>>({
      opsets: [{ domain: '', version: 9 }],
      inputs: [{ name: 'x', elementType: 'float32', shape: [dynamic(0), 3, 48, dynamic(1)] }],
      outputs: [{ name: 'softmax_11.tmp_0', elementType: 'float32', shape: [dynamic(2), dynamic(3), 6625] }],
      nodeCount: 765,
      parameterCount: 2_690_312,
      weightBytes: 10_761_252,
    });
    expect(metadata.operators).toEqual({
      Constant: 325, Mul: 107, Add: 107, Conv: 38, Div: 33, Clip: 28, Cast: 23, MatMul: 13, Slice: 10,
      ReduceMean: 10, Transpose: 9, Sigmoid: 7, Concat: 7, Squeeze: 7, BatchNormalization: 6, Reshape: 6,
      Sub: 5, Pow: 5, Sqrt: 5, Shape: 4, Softmax: 3, GlobalAveragePool: 2, Relu: 2, HardSigmoid: 2,
      AveragePool: 1,
    });
  });

  it.each(['cls', 'det', 'rec'] as const)('lists the %s inputs and outputs onnxruntime sees', async (name) => {
    const session = await InferenceSession.create(REAL_MODEL_FILES[name]);
    try {
      const metadata = inspectReal(name);

      expect(metadata.inputs.map((input) => input.name)).toEqual(session.inputNames);
      expect(metadata.outputs.map((output) => output.name)).toEqual(session.outputNames);
    } finally {
      await session.release();
    }
  });

  it.each(['cls', 'det', 'rec'] as const)('counts in %s the bytes its Constant nodes store', (name) => {
    const parsed = readModel(realModelBytes(name));
    const rawBytes = parsed.graph!.node
      .filter((node) => node.opType === 'Constant')
      .reduce((sum, node) => sum + (node.attribute[0]?.t?.rawData.length ?? 0), 0);

    expect(sut(parsed).weightBytes).toBe(rawBytes);
  });
});

describe('inspectModel on built models', () => {
  /** cond ? a : -b, each branch with a Constant of its own, plus an unused top-level Constant. */
  function ifModel() {
    const thenBranch = graph({
      name: 'then',
      node: [constantNode('a', floatTensor('', [2]))],
      output: [tensorValue('a', [2])],
    });
    const elseBranch = graph({
      name: 'else',
      node: [constantNode('b', floatTensor('', [2])), { opType: 'Neg', input: ['b'], output: ['c'] }],
      output: [tensorValue('c', [2])],
    });
    return model(
      graph({
        node: [constantNode('scale', floatTensor('', [5])), ifNode('cond', 'y', thenBranch, elseBranch)],
        input: [tensorValue('cond', [], DataType.BOOL)],
        output: [tensorValue('y', [2])],
      }),
    );
  }

  it('counts the nodes and constants inside If branches', () => {
    const metadata = sut(ifModel());

    expect(metadata.operators).toEqual({ Constant: 3, If: 1, Neg: 1 });
    expect(metadata.nodeCount).toBe(5);
    expect(metadata.parameterCount).toBe(5 + 2 + 2);
    expect(metadata.weightBytes).toBe((5 + 2 + 2) * 4);
    expect(metadata.hasSubgraphs).toBe(true);
  });

  it('builds an If model that onnxruntime accepts', async () => {
    const built = ifModel();
    validateModel(built);

    const session = await InferenceSession.create(writeModel(built));
    try {
      expect(session.inputNames).toEqual(['cond']);
      expect(session.outputNames).toEqual(['y']);
    } finally {
      await session.release();
    }
  });

  it('keys operators outside the default domain by domain', () => {
    const built = model(
      graph({
        node: [
          { opType: 'FusedConv', domain: 'com.microsoft', input: ['x'], output: ['t'] },
          { opType: 'Relu', domain: 'ai.onnx', input: ['t'], output: ['y'] },
        ],
        input: [tensorValue('x', [1])],
        output: [tensorValue('y', [1])],
      }),
    );

    expect(sut(built).operators).toEqual({ 'com.microsoft:FusedConv': 1, Relu: 1 });
  });

  it('reports unknown rank, unknown dims and symbolic dims as the wire type documents', () => {
    const built = model(
      graph({
        input: [
          tensorValue('a', null, DataType.UINT8),
          tensorValue('b', [-1, null, 'batch', 7], DataType.FLOAT16),
        ],
        output: [tensorValue('c', [], DataType.INT64)],
      }),
    );

    const metadata = sut(built);

    expect(metadata.inputs).toEqual([
      { name: 'a', elementType: 'uint8', shape: null },
      { name: 'b', elementType: 'float16', shape: [null, null, 'batch', 7] },
    ]);
    expect(metadata.outputs).toEqual([{ name: 'c', elementType: 'int64', shape: [] }]);
  });

  it('counts initializers listed as graph inputs (IR 3 style) as weights, not inputs', () => {
    const built = model(
      graph({
        node: [{ opType: 'Add', input: ['x', 'w'], output: ['y'] }],
        initializer: [floatTensor('w', [4, 4])],
        input: [tensorValue('x', [4, 4]), tensorValue('w', [4, 4])],
        output: [tensorValue('y', [4, 4])],
      }),
      { irVersion: 3n },
    );

    const metadata = sut(built);

    expect(metadata.inputs.map((input) => input.name)).toEqual(['x']);
    expect(metadata.parameterCount).toBe(16);
  });

  it('lists tensors stored outside the file, with their offsets', () => {
    const w = floatTensor('w', [2, 3]);
    w.rawData = new Uint8Array();
    w.dataLocation = TensorProto_DataLocation.EXTERNAL;
    w.externalData = [
      { $typeName: 'onnx.StringStringEntryProto', key: 'location', value: 'weights/w.bin' },
      { $typeName: 'onnx.StringStringEntryProto', key: 'offset', value: '4096' },
    ];
    const built = model(
      graph({
        node: [{ opType: 'Add', input: ['x', 'w'], output: ['y'] }],
        initializer: [w],
        input: [tensorValue('x', [2, 3])],
        output: [tensorValue('y', [2, 3])],
      }),
    );

    const metadata = sut(built);

    expect(metadata.externalData).toEqual([
      { tensor: 'w', location: 'weights/w.bin', offset: 4096, length: null },
    ]);
    expect(metadata.weightBytes).toBe(24);
  });
});
