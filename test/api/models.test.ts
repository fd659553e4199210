import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
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

  /** A multipart/form-data upload of `bytes` in file field `model`, with any other text fields. */
  const uploadForm = (name: string, bytes: Uint8Array, fields: Record<string, string> = {}) => {
    const form = request(controller.url)
      .post(`/api/v1/models/${name}/versions`)
      .set('Authorization', `Bearer ${controller.adminToken}`)
      .attach('model', Buffer.from(bytes), 'model.onnx');
    return Object.entries(fields).reduce((built, [field, value]) => built.field(field, value), form);
  };

  /** A hand-written request body with `contentType`, for forms no client library would produce. */
  const sendBody = (name: string, contentType: string, body: string | Buffer) =>
    request(controller.url)
      .post(`/api/v1/models/${name}/versions`)
      .set('Authorization', `Bearer ${controller.adminToken}`)
      .set('Content-Type', contentType)
      .send(body);

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

  describe('as multipart/form-data', () => {
    it('stores the file in field "model" like a raw upload, and takes the teacher from the form', async () => {
      const raw = await upload('raw-direction', classifier).expect(201);

      const form = await uploadForm('form-direction', classifier, { teacher: 'raw-direction@1' }).expect(201);

      expect(form.headers.location).toBe('/api/v1/models/form-direction/versions/1');
      expect(form.body).toMatchObject({
        model: 'form-direction',
        version: 1,
        sha256: sha256(classifier),
        sizeBytes: classifier.length,
        teacher: { model: 'raw-direction', version: 1 },
      });
      expect(form.body.metadata).toEqual(raw.body.metadata);
      const file = await operator.get('/models/form-direction/versions/1/file').buffer(true).expect(200);
      expect(sha256(file.body)).toBe(sha256(classifier));
    });

    it('returns the existing version for identical bytes', async () => {
      const again = await uploadForm('form-direction', classifier).expect(200);

      expect(again.body.version).toBe(1);
      expect((await operator.get('/models/form-direction/versions').expect(200)).body).toHaveLength(1);
    });

    const boundary = 'edgeplane-test-boundary';
    const closing = `--${boundary}--\r\n`;
    const textPart = (field: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${value}\r\n`;
    const filePart = (field: string, content: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="model.onnx"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n${content}\r\n`;
    const sendForm = (body: string) => sendBody('form-rejects', `multipart/form-data; boundary=${boundary}`, body);

    it.each([
      ['no file, only a teacher', () => sendForm(textPart('teacher', 'raw-direction@1') + closing), 'missing_file'],
      ['no parts at all', () => sendForm(closing), 'missing_file'],
      ['the file in another field', () => sendForm(filePart('weights', 'onnx') + closing), 'unexpected_field'],
      ['a field the upload does not take', () => uploadForm('form-rejects', classifier, { note: 'x' }), 'unexpected_field'],
      ['two files', () => uploadForm('form-rejects', classifier).attach('model', classifier, 'again.onnx'), 'extra_file'],
      ['no boundary', () => sendBody('form-rejects', 'multipart/form-data', filePart('model', 'onnx')), 'malformed'],
      ['a body that breaks off inside the file', () => sendForm(filePart('model', 'the first bytes of a model')), 'malformed'],
    ])('refuses a form with %s as 400 and stores nothing', async (_, send, reason) => {
      const before = await storedFiles();

      const response = await send().expect(400);

      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'model.invalid_form', reason });
      expect(response.body.detail).toContain('"model"');
      expect(await storedFiles()).toEqual(before);
      await operator.get('/models/form-rejects/versions').expect(404);
    });

    it('refuses a teacher named differently in the query and the form', async () => {
      const response = await uploadForm('form-rejects', classifier, { teacher: 'raw-direction@2' })
        .query({ teacher: 'raw-direction@1' })
        .expect(400);

      expect(response.body.errors).toEqual([{ field: 'teacher', problems: [expect.stringContaining('name one')] }]);
      await operator.get('/models/form-rejects/versions').expect(404);
    });

    it.each([
      ['declares more than the limit', 9 * 1024 * 1024],
      ['holds one byte more than the limit', 8 * 1024 * 1024 + 1],
    ])('refuses a form whose file %s with 413 and stores nothing', async (_, size) => {
      const before = await storedFiles();

      const response = await uploadForm('form-too-big', Buffer.alloc(size)).expect(413);

      expect(response.body.code).toBe('artifact.too_large');
      expect(await storedFiles()).toEqual(before);
      await operator.get('/models/form-too-big/versions').expect(404);
    });
  });
});
