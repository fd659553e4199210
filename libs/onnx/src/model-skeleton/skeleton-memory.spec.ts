import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { GraphProtoSchema, ModelProtoSchema, TensorProto_DataType as DataType, TensorProtoSchema } from 'onnx-buf';
import { inspectModel } from '../inspect-model';
import { validateModel } from '../model-validation';
import { graph, model, tensorValue } from '../testing/onnx-test-models';
import { readModelSkeleton as sut } from './skeleton-reader';

const TENSORS = 100;
const FLOATS_PER_TENSOR = 512 * 1024; // 2 MiB each: 200 MiB of weights in all
const TENSOR_BYTES = FLOATS_PER_TENSOR * 4;

/**
 * Writes a model with TENSORS float32 initializers in raw_data, a chunk at a time: the spec must not
 * hold the file in memory itself, or it could not tell whether the reader does.
 */
async function writeLargeModel(path: string): Promise<void> {
  const headers = Array.from({ length: TENSORS }, (_, index) => {
    const tensor = toBinary(
      TensorProtoSchema,
      create(TensorProtoSchema, { name: `w${index}`, dims: [BigInt(FLOATS_PER_TENSOR)], dataType: DataType.FLOAT }),
    );
    const rawDataTag = new BinaryWriter().tag(9, WireType.LengthDelimited).uint32(TENSOR_BYTES).finish();
    const body = tensor.length + rawDataTag.length + TENSOR_BYTES;
    const initializerTag = new BinaryWriter().tag(5, WireType.LengthDelimited).uint32(body).finish();
    return Buffer.concat([initializerTag, tensor, rawDataTag]);
  });
  const rest = toBinary(
    GraphProtoSchema,
    graph({
      node: [{ opType: 'Identity', input: ['w0'], output: ['y'] }],
      output: [tensorValue('y', [FLOATS_PER_TENSOR])],
    }),
  );
  const graphBytes = headers.reduce((sum, header) => sum + header.length + TENSOR_BYTES, rest.length);
  const envelope = toBinary(ModelProtoSchema, model(undefined, { graph: undefined }));
  const graphTag = new BinaryWriter().tag(7, WireType.LengthDelimited).uint32(graphBytes).finish();
  const weights = Buffer.alloc(TENSOR_BYTES, 0x3f); // 0x3f3f3f3f: about 0.75 as float32
  const file = await open(path, 'w');
  try {
    await file.write(Buffer.concat([envelope, graphTag]));
    for (const header of headers) {
      await file.write(header);
      await file.write(weights);
    }
    await file.write(rest);
  } finally {
    await file.close();
  }
}

/** JavaScript heap and array buffers: where a model read into memory would show. */
const memoryInUse = () => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

describe('readModelSkeleton memory use', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'edgeplane-skeleton-memory-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('inspects a 200 MiB model while holding a small fraction of it', async () => {
    const path = join(directory, 'large.onnx');
    await writeLargeModel(path);
    const before = memoryInUse();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryInUse())), 1);

    const skeleton = await sut(path);
    const metadata = (validateModel(skeleton), inspectModel(skeleton));

    clearInterval(sampler);
    peak = Math.max(peak, memoryInUse());
    expect(metadata).toMatchObject({ parameterCount: TENSORS * FLOATS_PER_TENSOR, weightBytes: TENSORS * TENSOR_BYTES });
    expect(peak - before).toBeLessThan(32 * 1024 * 1024);
  });
});
