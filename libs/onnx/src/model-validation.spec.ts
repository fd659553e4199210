import { create } from '@bufbuild/protobuf';
import {
  type ModelProto,
  ModelProtoSchema,
  type TensorProto,
  TensorProto_DataLocation,
  TensorProto_DataType as DataType,
  TensorProtoSchema,
} from 'onnx-buf';
import { readModel } from './model-io';
import { MAX_IR_VERSION, validateModel } from './model-validation';
import { type InvalidOnnxModelDetails, InvalidOnnxModelError } from './onnx-model.errors';
import {
  constantNode,
  floatTensor,
  graph,
  ifNode,
  model,
  realModelBytes,
  tensorValue,
} from './testing/onnx-test-models';

const sut = validateModel;

function rejectionOf(candidate: ModelProto): InvalidOnnxModelError {
  try {
    sut(candidate);
  } catch (error: unknown) {
    if (error instanceof InvalidOnnxModelError) return error;
    throw error;
  }
  throw new Error('expected the model to be rejected, but it was accepted');
}

/** y = x + w, with w stored in the initializer `w` that the test shapes. */
function withInitializer(w: TensorProto): ModelProto {
  return model(
    graph({
      node: [{ opType: 'Add', input: ['x', 'w'], output: ['y'] }],
      initializer: [w],
      input: [tensorValue('x', [2, 3])],
      output: [tensorValue('y', [2, 3])],
    }),
  );
}

function externalTensor(entries: Record<string, string>): TensorProto {
  return create(TensorProtoSchema, {
    name: 'w',
    dims: [2n, 3n],
    dataType: DataType.FLOAT,
    dataLocation: TensorProto_DataLocation.EXTERNAL,
    externalData: Object.entries(entries).map(([key, value]) => ({ key, value })),
  });
}

/** If(cond) whose then-branch holds `inner` as a Constant: a tensor only a subgraph walk finds. */
function withSubgraphConstant(inner: TensorProto): ModelProto {
  const branch = (name: string, value: TensorProto) =>
    graph({ name, node: [constantNode(`${name}_out`, value)], output: [tensorValue(`${name}_out`, null)] });
  return model(
    graph({
      node: [ifNode('cond', 'y', branch('then', inner), branch('else', floatTensor('', [1])))],
      input: [tensorValue('cond', [], DataType.BOOL)],
      output: [tensorValue('y', null)],
    }),
  );
}

describe('validateModel', () => {
  it.each(['cls', 'det', 'rec'] as const)('accepts the real %s model', (name) => {
    expect(() => sut(readModel(realModelBytes(name)))).not.toThrow();
  });

  it('accepts a small valid model with an If subgraph', () => {
    expect(() => sut(withSubgraphConstant(floatTensor('k', [2])))).not.toThrow();
  });

  describe('envelope', () => {
    it('rejects a model without a graph', () => {
      const opsetImport = [{ domain: '', version: 13n }];
      const candidate = create(ModelProtoSchema, { irVersion: 8n, opsetImport });

      expect(rejectionOf(candidate).details.reason).toBe('missing_graph');
    });

    it('rejects a model without ir_version', () => {
      const candidate = model();
      delete (candidate as Partial<ModelProto>).irVersion; // proto2 presence: unset, not 0

      expect(rejectionOf(candidate).message).toBe(
        'not an ONNX model: it has no ir_version (ModelProto field 1)',
      );
    });

    it('rejects a model that imports no operator set', () => {
      expect(rejectionOf(model(undefined, { opsetImport: [] })).details.reason).toBe('missing_opset_import');
    });

    it(`knows IR version ${MAX_IR_VERSION} from onnx-buf's schema and accepts it`, () => {
      expect(MAX_IR_VERSION).toBe(13);
      expect(() => sut(model(undefined, { irVersion: BigInt(MAX_IR_VERSION) }))).not.toThrow();
    });

    it.each([0n, 2n, 14n, 2n ** 40n])('rejects IR version %p', (irVersion) => {
      const error = rejectionOf(model(undefined, { irVersion }));

      expect(error.details.reason).toBe('unsupported_ir_version');
      expect(error.message).toContain(
        `unsupported ONNX IR version ${irVersion}: Edgeplane reads IR versions 3 to 13`,
      );
    });
  });

  describe('external data', () => {
    it.each(['w.bin', 'weights/w.bin', './weights/w.bin', 'weights/./w.bin'])('accepts location %j', (location) => {
      const w = externalTensor({ location, offset: '4096', length: '24' });

      expect(() => sut(withInitializer(w))).not.toThrow();
    });

    it.each([
      ['absolute', '/etc/passwd'],
      ['a parent segment', '../w.bin'],
      ['a parent segment further in', 'weights/../../w.bin'],
      ['a parent segment that stays inside', 'weights/../w.bin'],
      ['a trailing parent segment', 'weights/..'],
      ['a backslash', 'weights\\w.bin'],
      ['a Windows drive', 'C:/models/w.bin'],
      ['a NUL', 'w.bin\0.txt'],
      ['the directory itself', '.'],
    ])('rejects a location that is %s', (_, location) => {
      const error = rejectionOf(withInitializer(externalTensor({ location })));

      expect(error.details).toMatchObject({ reason: 'external_data_outside_model_dir', tensor: 'w', location });
      expect(error.message).toContain(
        'external data of tensor "w" (graph.initializer[0]) points outside the model directory: ' +
          JSON.stringify(location),
      );
    });

    it('rejects external data without a location', () => {
      const error = rejectionOf(withInitializer(externalTensor({ offset: '0' })));

      expect(error.details.reason).toBe('external_data_missing_location');
    });

    it.each([
      ['offset', '-4096', 'a negative'],
      ['length', '-1', 'a negative'],
      ['offset', 'abc', 'an unreadable'],
      ['length', '1e3', 'an unreadable'],
    ])('rejects %s %j', (key, value, what) => {
      const error = rejectionOf(withInitializer(externalTensor({ location: 'w.bin', [key]: value })));

      expect(error.details.reason).toBe('external_data_bad_range');
      expect(error.message).toContain(`has ${what} ${key}: ${JSON.stringify(value)}`);
    });

    it('rejects a length that does not fit the dims and type', () => {
      const error = rejectionOf(withInitializer(externalTensor({ location: 'w.bin', length: '20' })));

      expect(error.message).toContain('has length 20 but its dims and type need 24 bytes');
    });

    it('finds a bad location on a Constant inside an If branch', () => {
      const hidden = externalTensor({ location: '../../secrets' });
      hidden.name = '';

      const error = rejectionOf(withSubgraphConstant(hidden));

      expect(error.details).toMatchObject<Partial<InvalidOnnxModelDetails>>({
        tensor: 'then_out',
        path: 'graph.node[0].attribute[0].g.node[0].attribute[0].t',
      });
    });
  });

  describe('dimensions', () => {
    it.each([
      ['negative', -5n, 'absurd_dimension'],
      ['beyond int32', 2n ** 31n, 'absurd_dimension'],
    ])('rejects a %s input dimension, naming input and dim', (_, size, reason) => {
      const candidate = model();
      candidate.graph!.input[0] = tensorValue('x', [2, size]);

      const error = rejectionOf(candidate);

      expect(error.details).toMatchObject({ reason, tensor: 'x', dim: 1, path: 'graph.input[0]' });
      expect(error.message).toContain(`graph.input[0] "x" declares dimension 1 = ${size}`);
    });

    it('accepts -1 and symbolic dimensions on inputs and outputs', () => {
      const candidate = model();
      candidate.graph!.input[0] = tensorValue('x', [-1, 'batch', 3]);

      expect(() => sut(candidate)).not.toThrow();
    });

    it('rejects an output whose fixed dims multiply past 2^34 elements', () => {
      const candidate = model();
      candidate.graph!.output[0] = tensorValue('y', [65536, 'n', 65536, 8]);

      const error = rejectionOf(candidate);

      expect(error.details).toMatchObject({ reason: 'too_many_elements', tensor: 'y' });
      expect(error.message).toBe(
        'graph.output[0] "y" has 34359738368 elements, more than the limit of 17179869184 (2^34)',
      );
    });

    it.each([-1n, 2n ** 31n])('rejects initializer dimension %p, naming tensor and dim', (size) => {
      const w = floatTensor('w', [2, 3]);
      w.dims[0] = size;

      const error = rejectionOf(withInitializer(w));

      expect(error.details).toMatchObject({ reason: 'absurd_dimension', tensor: 'w', dim: 0 });
      expect(error.message).toContain(`tensor "w" (graph.initializer[0]) has dimension 0 = ${size}`);
    });

    it('rejects a Constant in a subgraph that claims 2^35 elements', () => {
      const huge = floatTensor('', [1]);
      huge.dims = [2n ** 17n, 2n ** 17n, 2n];

      const error = rejectionOf(withSubgraphConstant(huge));

      expect(error.details).toMatchObject({ reason: 'too_many_elements', tensor: 'then_out' });
    });
  });

  describe('stored data', () => {
    it('rejects raw_data shorter than the dims say', () => {
      const w = floatTensor('w', [2, 3]);
      w.rawData = w.rawData.slice(0, 8);

      expect(rejectionOf(withInitializer(w)).message).toContain(
        'tensor "w" (graph.initializer[0]) declares 6 float32 elements (24 bytes) but holds 8 bytes of raw_data',
      );
    });

    it('rejects typed data with the wrong number of entries', () => {
      const w = create(TensorProtoSchema, { name: 'w', dims: [2n, 3n], dataType: DataType.FLOAT, floatData: [1, 2, 3] });

      expect(rejectionOf(withInitializer(w)).message).toContain(
        'declares 6 float32 elements but holds 3 entries in float_data',
      );
    });

    it('rejects a tensor of a data type ONNX does not define', () => {
      const w = floatTensor('w', [2, 3]);
      w.dataType = 99;

      expect(rejectionOf(withInitializer(w)).details.reason).toBe('unknown_data_type');
    });
  });
});
