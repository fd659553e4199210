import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttributeType,
  type ModelProto,
  TensorProto_DataType as DataType,
  TensorProtoSchema,
  ValueInfoProtoSchema,
} from 'onnx-buf';
import { walkAllTensors } from '../graph-walk';
import { inspectModel } from '../inspect-model';
import { readModel, writeModel } from '../model-io';
import { validateModel } from '../model-validation';
import { InvalidOnnxModelError } from '../onnx-model.errors';
import {
  constantNode,
  floatTensor,
  graph,
  ifNode,
  model,
  REAL_MODEL_FILES,
  type RealModelName,
  realModelBytes,
  seededBytes,
  tensorValue,
} from '../testing/onnx-test-models';
import { WINDOW_BYTES } from './file-window';
import { readModelSkeleton as sut } from './skeleton-reader';

const REAL_MODELS: RealModelName[] = ['cls', 'det', 'rec'];

/** What a caller sees: the model's metadata, or the rejection's message and details. */
type Outcome = { metadata: ReturnType<typeof inspectModel> } | { message: string; details: object };

function outcomeOf(read: () => ModelProto): Outcome {
  try {
    const parsed = read();
    validateModel(parsed);
    return { metadata: inspectModel(parsed) };
  } catch (error) {
    if (!(error instanceof InvalidOnnxModelError)) throw error;
    return { message: error.message, details: error.details };
  }
}

async function outcomeOfSkeleton(read: () => Promise<ModelProto>): Promise<Outcome> {
  const parsed = await read().catch((error: unknown) => error);
  return outcomeOf(() => {
    if (parsed instanceof Error) throw parsed;
    return parsed as ModelProto;
  });
}

describe('readModelSkeleton', () => {
  let directory: string;
  let files = 0;

  /** `bytes` as a file, as the upload stages it. */
  const onDisk = async (bytes: Uint8Array) => {
    const path = join(directory, `model-${(files += 1)}.onnx`);
    await writeFile(path, bytes);
    return path;
  };

  /** The skeleton read must end exactly where the whole-file parse (plus validation) ends. */
  const expectSameOutcome = async (bytes: Uint8Array) => {
    const path = await onDisk(bytes);
    expect(await outcomeOfSkeleton(() => sut(path))).toEqual(outcomeOf(() => readModel(bytes)));
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'edgeplane-skeleton-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  describe('on the real PaddleOCR models', () => {
    it.each(REAL_MODELS)('gives the %s model the same metadata as the whole-file parse', async (name) => {
      const skeleton = await sut(REAL_MODEL_FILES[name]);

      expect(() => validateModel(skeleton)).not.toThrow();
      expect(inspectModel(skeleton)).toEqual(inspectModel(readModel(realModelBytes(name))));
    });

    it('holds none of the tensor data', async () => {
      const skeleton = await sut(REAL_MODEL_FILES.rec);

      const held = [...walkAllTensors(skeleton)].reduce(
        (sum, { tensor }) => sum + tensor.rawData.length + tensor.floatData.length + tensor.int64Data.length,
        0,
      );
      expect(held).toBe(0);
      expect(inspectModel(skeleton).weightBytes).toBeGreaterThan(10_000_000);
    });
  });

  describe('tensors outside the initializers', () => {
    /** A Constant and an initializer inside an If branch, a sparse initializer, a string tensor, a function. */
    const nested = (thenConstant = floatTensor('', [3, 4])) => {
      const thenBranch = graph({
        name: 'then',
        node: [
          constantNode('then_out', thenConstant),
          { opType: 'Identity', input: ['then_out'], output: ['then_id'] },
        ],
        initializer: [floatTensor('then_bias', [5])],
        output: [tensorValue('then_id', null)],
      });
      const elseBranch = graph({
        name: 'else',
        node: [
          {
            opType: 'Constant',
            output: ['else_out'],
            attribute: [
              {
                name: 'value',
                type: AttributeType.TENSOR,
                t: create(TensorProtoSchema, { dims: [2n], dataType: DataType.INT64, int64Data: [7n, 300_000n] }),
              },
            ],
          },
        ],
        output: [tensorValue('else_out', null)],
      });
      return model(
        graph({
          node: [
            ifNode('cond', 'y', thenBranch, elseBranch),
            constantNode(
              'names',
              create(TensorProtoSchema, {
                dims: [2n],
                dataType: DataType.STRING,
                stringData: [new TextEncoder().encode('left'), new TextEncoder().encode('right')],
              }),
            ),
            constantNode(
              'scale',
              create(TensorProtoSchema, { dims: [3n], dataType: DataType.FLOAT, floatData: [1, 2, 3] }),
            ),
          ],
          sparseInitializer: [
            { values: floatTensor('sparse_w', [2]), indices: tensorOfInt64([1n, 5n]), dims: [100n] },
          ],
          input: [tensorValue('cond', [], DataType.BOOL)],
          output: [tensorValue('y', null)],
        }),
        {
          functions: [
            { name: 'helper', domain: 'local', node: [constantNode('k', floatTensor('', [4]))], output: ['k'] },
          ],
        },
      );
    };

    it('counts the weights of Constants, subgraphs, sparse and string tensors as the whole-file parse does', async () => {
      const bytes = writeModel(nested());

      const metadata = inspectModel(await sut(await onDisk(bytes)));

      expect(metadata).toEqual(inspectModel(readModel(bytes)));
      // 12 + 5 (then) + 2 (else, int64) + 2 strings + 3 (float_data) + 2 sparse values
      expect(metadata).toMatchObject({ parameterCount: 26, hasSubgraphs: true });
    });

    it('rejects a Constant in an If branch whose raw_data does not fit its dims, naming it', async () => {
      const short = floatTensor('', [3, 4]);
      short.rawData = short.rawData.slice(0, 20);
      const bytes = writeModel(nested(short));

      const outcome = await outcomeOfSkeleton(async () => sut(await onDisk(bytes)));

      expect(outcome).toEqual(outcomeOf(() => readModel(bytes)));
      expect(outcome).toMatchObject({
        details: {
          reason: 'data_size_mismatch',
          tensor: 'then_out',
          path: 'graph.node[0].attribute[0].g.node[0].attribute[0].t',
        },
      });
    });

    it('rejects typed data with the wrong number of entries, counted without holding them', async () => {
      const scale = create(TensorProtoSchema, { dims: [4n], dataType: DataType.INT64, int64Data: [1n, 2n, 3n] });

      await expectSameOutcome(writeModel(model(graph({ node: [constantNode('s', scale)] }))));
    });

    it('reads tensor data larger than its window and truncated inside it', async () => {
      const large = floatTensor('w', [WINDOW_BYTES / 2]); // 2 MiB of raw_data
      const bytes = writeModel(model(graph({ initializer: [large] })));

      await expectSameOutcome(bytes);
      await expectSameOutcome(bytes.subarray(0, bytes.length - WINDOW_BYTES));
    });
  });

  describe('rejects exactly as readModel does', () => {
    it('an empty file', async () => {
      await expectSameOutcome(new Uint8Array());
    });

    it.each([0.5, 0.99])('the classifier cut at %p of its length', async (fraction) => {
      const bytes = realModelBytes('cls');

      await expectSameOutcome(bytes.subarray(0, Math.floor(bytes.length * fraction)));
    });

    it.each([1, 2, 7, 100, 10_000, 3_000_000])('the recognizer cut short by %i bytes', async (missing) => {
      const bytes = realModelBytes('rec');

      await expectSameOutcome(bytes.subarray(0, bytes.length - missing));
    });

    it.each([
      ['an illegal tag inside a node', [0x3a, 0x03, 0x0a, 0x01, 0x07]],
      ['a known field with the wrong wire type', [0x28, 0x01, 0x31, 1, 2, 3, 4, 5, 6, 7, 8]],
      ['fields ModelProto does not have', [0xf0, 0x01, 0x01, 0xf9, 0x01, 1, 2, 3, 4, 5, 6, 7, 8]],
      ['a varint that runs off the end', [0x08, 0x80, 0x80]],
      ['a group that never ends', [0xfb, 0x01, 0x08, 0x01]],
    ])('%s', async (_, bytes) => {
      await expectSameOutcome(new Uint8Array(bytes));
    });

    it.each([1, 2, 3, 4, 5, 6, 7, 8])('seeded random bytes (seed %i)', async (seed) => {
      await expectSameOutcome(seededBytes(seed, 4096));
    });

    it.each([
      ['a README', readFileSync(join(__dirname, '../../../../node_modules/onnx-buf/README.md'))],
      ['UTF-8 text', Buffer.from('# Modell für die Kamera ✓\nGewichte: siehe weights.bin\n', 'utf8')],
      ['JSON', Buffer.from('{"irVersion": 8, "graph": {}}')],
    ])('%s', async (_, text) => {
      await expectSameOutcome(text);
    });

    it('a defect inside a field it keeps whole, placed in the whole file', async () => {
      const built = model();
      const damaged = writeModel(built);
      const inputAt = inputBodyOffset(damaged, built);
      damaged[inputAt] = 0x07; // an illegal tag where graph.input[0]'s first field should start

      await expectSameOutcome(damaged);
      expect(await outcomeOfSkeleton(async () => sut(await onDisk(damaged)))).toMatchObject({
        details: { byteOffset: inputAt, path: 'graph.input[0]' },
      });
    });
  });

  it('gives a skeleton that writeModel refuses, since its tensors have no data', async () => {
    const skeleton = await sut(REAL_MODEL_FILES.cls);

    expect(() => writeModel(skeleton)).toThrow('writeModel was given a model skeleton');
  });
});

function tensorOfInt64(values: bigint[]) {
  return create(TensorProtoSchema, { dims: [BigInt(values.length)], dataType: DataType.INT64, int64Data: values });
}

/** Offset in `bytes` of the encoded body of graph.input[0]. */
function inputBodyOffset(bytes: Uint8Array, built: ModelProto): number {
  const input = toBinary(ValueInfoProtoSchema, built.graph!.input[0]);
  return Buffer.from(bytes).indexOf(Buffer.from(input));
}
