import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { startController, TestController } from '../support/controller';
import { Api, api, keyWithRole, sendRaw } from '../support/http';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('model registry', () => {
  let controller: TestController;
  let operator: Api;
  let classifier: Buffer;

  const upload = (name: string, bytes: Uint8Array, token = controller.adminToken) =>
    sendRaw(controller, `/models/${name}/versions`, bytes, { token });

  /** Every file in the artifact store, staging included: what an upload left on disk. */
  const storedFiles = async () => {
    const root = join(controller.config.EDGEPLANE_DATA_DIR, 'artifacts');
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
  };

  beforeAll(async () => {
    controller = await startController({ EDGEPLANE_MODEL_UPLOAD_LIMIT: String(8 * 1024 * 1024) });
    operator = api(controller, controller.adminToken);
    classifier = await readFile(REAL_MODEL_FILES.cls);
  });
  afterAll(() => controller.close());

  it('stores an uploaded model as version 1 with the metadata it declares', async () => {
    const response = await upload('text-direction', classifier).expect(201);

    expect(response.headers.location).toBe('/api/v1/models/text-direction/versions/1');
    expect(response.body).toMatchObject({
      model: 'text-direction',
      version: 1,
      sha256: sha256(classifier),
      sizeBytes: classifier.length,
    });
    const { metadata } = response.body;
    expect(metadata.opsets).toContainEqual({ domain: '', version: 9 });
    // Symbolic dimensions keep the names the exporter (Paddle2ONNX) gave them.
    expect(metadata.inputs).toEqual([
      {
        name: 'x',
        elementType: 'float32',
        shape: ['p2o.DynamicDimension.0', 3, 'p2o.DynamicDimension.1', 'p2o.DynamicDimension.2'],
      },
    ]);
    expect(metadata.outputs).toEqual([
      { name: 'softmax_0.tmp_0', elementType: 'float32', shape: ['p2o.DynamicDimension.3', 2] },
    ]);
    expect(metadata).toMatchObject({ nodeCount: 471, parameterCount: 133_665, weightBytes: 534_660 });
    expect(metadata.operators).toMatchObject({ Conv: 53, BatchNormalization: 35, Constant: 250 });
    expect(await storedFiles()).toEqual([sha256(classifier)]);
  });

  it('returns the existing version for identical bytes instead of a new one', async () => {
    const again = await upload('text-direction', classifier).expect(200);

    expect(again.body.version).toBe(1);
    const versions = await operator.get('/models/text-direction/versions').expect(200);
    expect(versions.body).toHaveLength(1);
  });

  it('numbers new uploads and serves each file back byte for byte', async () => {
    const recognizer = await readFile(REAL_MODEL_FILES.rec);
    const second = await upload('text-direction', recognizer);
    expect(second.status).toBe(413); // the recogniser is 10.8 MB, over this controller's 8 MiB limit

    const detector = await readFile(REAL_MODEL_FILES.det);
    const created = await upload('text-direction', detector).expect(201);
    expect(created.body.version).toBe(2);

    const file = await operator.get('/models/text-direction/versions/2/file').buffer(true).expect(200);
    expect(sha256(file.body)).toBe(sha256(detector));
    expect(file.headers['content-disposition']).toBe('attachment; filename="text-direction-v2.onnx"');
    const models = await operator.get('/models').expect(200);
    expect(models.body).toEqual([
      { name: 'text-direction', versions: 2, latestVersion: 2, createdAt: expect.any(String) },
    ]);
  });

  it.each([
    ['random bytes', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))],
    ['a text file', () => Buffer.from('name,score\nalpha,0.9\n')],
    ['a truncated model', () => classifier.subarray(0, Math.floor(classifier.length * 0.6))],
  ])('rejects %s with a reason and stores nothing', async (_, bytes) => {
    const before = await storedFiles();

    const response = await upload('rejects', bytes()).expect(400);

    expect(response.body.code).toBe('model.invalid_onnx');
    expect(response.body.detail).toMatch(/ONNX|protobuf|truncated/i);
    expect(await storedFiles()).toEqual(before);
    await operator.get('/models/rejects/versions').expect(404);
  });

  it('refuses an upload over the limit with 413 and stores nothing', async () => {
    const before = await storedFiles();

    const response = await upload('too-big', Buffer.alloc(9 * 1024 * 1024)).expect(413);

    expect(response.body.code).toBe('artifact.too_large');
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses a non-binary content type, a bad name and a viewer', async () => {
    const json = await operator.post('/models/text-direction/versions', { onnx: 'base64…' }).expect(400);
    expect(json.body.code).toBe('model.unsupported_content_type');
    const badName = await upload('Bad Name', classifier).expect(400);
    expect(badName.body.errors).toEqual([{ field: 'name', problems: [expect.stringContaining('lowercase')] }]);
    const viewer = await keyWithRole(operator, 'viewer');
    await upload('text-direction', classifier, viewer).expect(403);
    await operator.get('/models/text-direction/versions/x').expect(400);
    expect((await operator.get('/models/text-direction/versions/9').expect(404)).body.code).toBe(
      'model.version_not_found',
    );
  });
});
