import { readdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { ModelProtoSchema, TensorProto_DataLocation, TensorProto_DataType as DataType, TensorProtoSchema, type ModelProto } from 'onnx-buf';
import { Client } from 'pg';
import request from 'supertest';
import { lyingNpz } from '../../libs/onnx/src/calibration/testing/zip-bomb';
import { graph, model, REAL_MODEL_FILES, tensorValue } from '../../libs/onnx/src/testing/onnx-test-models';
import { startController, TestController } from '../support/controller';
import { sendRaw } from '../support/http';
import { hostileRuns, RawText } from './hostile-runs';

/** Bytes to upload, shown in fast-check's reports by length and a hint of what they are. */
class Upload extends RawText {
  constructor(readonly bytes: Uint8Array, what: string) {
    super(`${what} (${bytes.length} bytes)`);
  }
}

const onnx = (built: ModelProto) => toBinary(ModelProtoSchema, built);

/** y = x + w with `w` an initializer described by `tensor` (dims, data, external data…). */
function withInitializer(tensor: Parameters<typeof create<typeof TensorProtoSchema>>[1], inputShape: (number | bigint)[] = [2, 3]): Uint8Array {
  return onnx(
    model(
      graph({
        node: [{ opType: 'Add', input: ['x', 'w'], output: ['y'] }],
        initializer: [create(TensorProtoSchema, { name: 'w', dataType: DataType.FLOAT, ...tensor })],
        input: [tensorValue('x', inputShape)],
        output: [tensorValue('y', [2, 3])],
      }),
    ),
  );
}

const external = (location: string) => ({
  dims: [2n, 3n],
  dataLocation: TensorProto_DataLocation.EXTERNAL,
  externalData: [{ key: 'location', value: location }, { key: 'length', value: '24' }],
});

/**
 * Hostile model uploads: random bytes, a real model mutated or cut short, absurd dimensions, external
 * data reaching out of the store. Each is refused with a 4xx problem that says why, and leaves no row
 * and no file (staging included) behind; an upload that happens to be a valid model is stored whole.
 */
describe('hostile model uploads', () => {
  let controller: TestController;
  let database: Client;
  let classifier: Buffer;

  beforeAll(async () => {
    controller = await startController({ EDGEPLANE_MODEL_UPLOAD_LIMIT: String(2 * 1024 * 1024) });
    database = new Client({ connectionString: controller.config.DATABASE_URL });
    await database.connect();
    classifier = await readFile(REAL_MODEL_FILES.cls);
  });
  afterAll(async () => {
    await database?.end();
    await controller?.close();
  });

  /** Every file under the artifact store, staging included. */
  const storedFiles = async () => {
    const root = join(controller.config.EDGEPLANE_DATA_DIR, 'artifacts');
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
  };
  const rowCounts = async () => (await database.query(`SELECT (SELECT count(*) FROM models) AS models, (SELECT count(*) FROM model_versions) AS versions`)).rows[0];

  /** Uploads `bytes` and checks the outcome: a clear refusal that leaves nothing, or a version stored whole. */
  const expectRefusedOrStored = async (bytes: Uint8Array, name = 'hostile') => {
    const [filesBefore, rowsBefore] = [await storedFiles(), await rowCounts()];

    const response = await sendRaw(controller, `/models/${name}/versions`, bytes);

    const summary = `${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
    expect([summary, response.status < 500]).toEqual([summary, true]);
    if (response.status >= 400) {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: response.status, code: expect.any(String), detail: expect.stringMatching(/\S{3}/) });
      expect(await storedFiles()).toEqual(filesBefore);
      expect(await rowCounts()).toEqual(rowsBefore);
    } else {
      // Accepted (the mutation hit only weights, say): the whole file is stored under its hash.
      const files = await storedFiles();
      const names = files.map((file) => file.split('/').pop());
      expect(names).toContain(response.body.sha256);
      expect(files.filter((file) => !filesBefore.includes(file) && !file.endsWith(`/${response.body.sha256}`))).toEqual([]);
      expect(files.some((file) => file.includes('/staging/'))).toBe(false);
    }
    return response;
  };

  it('refuses random bytes as not ONNX', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 65_536 }).map((bytes) => new Upload(bytes, 'random bytes')), async ({ bytes }) => {
        const response = await expectRefusedOrStored(bytes);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('model.invalid_onnx');
      }),
      hostileRuns(30),
    );
  });

  it('refuses a real model cut short at any offset, naming where it breaks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: classifier.length - 1 }).map((end) => new Upload(classifier.subarray(0, end), `classifier cut at ${end}`)), async ({ bytes }) => {
        const response = await expectRefusedOrStored(bytes);
        expect([response.status, response.body.code]).toEqual([400, 'model.invalid_onnx']);
      }),
      hostileRuns(25),
    );
  });

  it('refuses a real model with random bytes changed, or stores it whole when it is still a model', async () => {
    const mutation = fc.array(fc.tuple(fc.integer({ min: 0, max: classifier.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(
        mutation.map((changes) => {
          const bytes = Buffer.from(classifier);
          changes.forEach(([offset, value]) => (bytes[offset] = value));
          return new Upload(bytes, `classifier with ${changes.length} bytes changed at ${changes.map(([offset]) => offset).join(',')}`);
        }),
        async ({ bytes }) => {
          await expectRefusedOrStored(bytes, 'mutant');
        },
      ),
      hostileRuns(30),
    );
  });

  it.each([
    ['an initializer of 2^40 elements', withInitializer({ dims: [1n << 20n, 1n << 20n] }), /has 1099511627776 elements, more than the limit/],
    ['a dimension over 2^31', withInitializer({ dims: [1n << 40n] }), /dimension 0 = 1099511627776; a stored tensor's dimensions must be 0 to 2147483647/],
    ['a negative dimension', withInitializer({ dims: [-2n, 3n] }), /dimension 0 = -2/],
    ['an input of 2^40 elements', withInitializer({ dims: [2n, 3n], rawData: new Uint8Array(24) }, [1 << 20, 1 << 20]), /graph\.input\[0\] "x" has 1099511627776 elements/],
    ['an input dimension of 2^40', withInitializer({ dims: [2n, 3n], rawData: new Uint8Array(24) }, [1n << 40n]), /declares dimension 0 = 1099511627776/],
    ['data shorter than its dims', withInitializer({ dims: [1000n, 1000n], rawData: new Uint8Array(24) }), /corrupt/],
    ['external data in ../../etc/passwd', withInitializer(external('../../etc/passwd')), /points outside the model directory: "..\/..\/etc\/passwd"/],
    ['external data at /etc/passwd', withInitializer(external('/etc/passwd')), /points outside the model directory: "\/etc\/passwd"/],
    ['external data at a Windows path', withInitializer(external('C:\\Windows\\win.ini')), /points outside the model directory/],
    ['external data climbing out mid-path', withInitializer(external('weights/../../../secret')), /points outside the model directory/],
    ['external data with a NUL in its path', withInitializer(external('w.bin\0.txt')), /points outside the model directory/],
  ])('refuses %s, saying so', async (_case, bytes, detail) => {
    const response = await expectRefusedOrStored(bytes);

    expect([response.status, response.body.code]).toEqual([400, 'model.invalid_onnx']);
    expect(response.body.detail).toMatch(detail);
  });

  it('refuses names holding a NUL character (PostgreSQL cannot keep one), and stores odd but storable ones whole', async () => {
    const named = (name: string) =>
      onnx(
        model(
          graph({
            name,
            node: [{ opType: 'Add', name, input: ['x', 'w'], output: ['y'] }],
            initializer: [create(TensorProtoSchema, { name: 'w', dims: [2n, 3n], dataType: DataType.FLOAT, rawData: new Uint8Array(24) })],
            input: [tensorValue('x', [2, 3])],
            output: [tensorValue('y', [2, 3])],
          }),
          { producerName: name, docString: name, metadataProps: [{ key: name, value: name }] },
        ),
      );

    const nulInOperator = onnx(model(graph({ node: [{ opType: 'Add\0', input: ['x', 'x'], output: ['y'] }], input: [tensorValue('x', [1])], output: [tensorValue('y', [1])] })));
    for (const bytes of [named('nul\0inside'), nulInOperator]) {
      const response = await expectRefusedOrStored(bytes, 'names');
      expect([response.status, response.body.code]).toEqual([400, 'model.invalid_onnx']);
      expect(response.body.detail).toMatch(/holds a NUL character, which no name in a model may contain/);
    }
    for (const name of ['\ud800lone surrogate', 'x'.repeat(100_000)]) {
      expect((await expectRefusedOrStored(named(name), 'names')).status).toBe(201);
    }
  });

  it('refuses a malformed multipart form, whatever its bytes, storing nothing', async () => {
    const boundary = 'hostile-boundary';
    const part = (headers: string, body: Uint8Array) => Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), body, Buffer.from('\r\n')]);
    const form = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes)),
      fc.tuple(fc.string({ maxLength: 60 }), fc.uint8Array({ maxLength: 2048 }), fc.boolean()).map(([headers, body, closed]) =>
        Buffer.concat([part(headers, body), Buffer.from(closed ? `--${boundary}--\r\n` : '')]),
      ),
      fc.uint8Array({ maxLength: 2048 }).map((body) => Buffer.concat([part('Content-Disposition: form-data; name="model"; filename="m.onnx"', body), part('Content-Disposition: form-data; name="model"; filename="again.onnx"', body), Buffer.from(`--${boundary}--\r\n`)])),
    );
    await fc.assert(
      fc.asyncProperty(form.map((bytes) => new Upload(bytes, 'multipart form')), async ({ bytes }) => {
        const [filesBefore, rowsBefore] = [await storedFiles(), await rowCounts()];

        const response = await request(controller.url)
          .post('/api/v1/models/form/versions')
          .set('Authorization', `Bearer ${controller.adminToken}`)
          .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
          .send(bytes);

        expect([response.status, response.body.code]).toEqual([400, expect.stringMatching(/^model\.invalid_(form|onnx)$/)]);
        expect(response.body.detail).toMatch(/\S{3}/);
        expect(await storedFiles()).toEqual(filesBefore);
        expect(await rowCounts()).toEqual(rowsBefore);
      }),
      hostileRuns(30),
    );
  });

  it('refuses a calibration set that is random bytes, a zip bomb, or a zip that lies about its sizes, storing nothing', async () => {
    await sendRaw(controller, '/models/calibrated/versions', classifier).expect(201);
    const attach = (bytes: Uint8Array) => sendRaw(controller, '/models/calibrated/versions/1/calibration-set', bytes, { method: 'put' });
    const sets = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8192 }).map((bytes) => new Upload(bytes, 'random bytes')),
      fc.integer({ min: 1, max: 0xffffffff }).map((declared) => new Upload(lyingNpz('x.npy', 4096, declared), `a zip declaring ${declared} bytes`)),
      fc.constant(new Upload(lyingNpz('x.npy', 1024, 0xfffffff0), 'a zip declaring 4 GiB')),
    );
    await fc.assert(
      fc.asyncProperty(sets, async ({ bytes }) => {
        const [filesBefore, rowsBefore] = [await storedFiles(), await rowCounts()];

        const response = await attach(bytes);

        expect([response.status, response.body.code]).toEqual([400, expect.stringMatching(/^calibration\./)]);
        expect(response.body.detail).toMatch(/\S{3}/);
        expect(await storedFiles()).toEqual(filesBefore);
        expect(await rowCounts()).toEqual(rowsBefore);
      }),
      hostileRuns(20),
    );
    const bomb = await attach(lyingNpz('x.npy', 1024, 0xfffffff0));
    expect(bomb.body.detail).toMatch(/declares more than 2147483648 bytes uncompressed/);
    const version = await request(controller.url).get('/api/v1/models/calibrated/versions/1').set('Authorization', `Bearer ${controller.adminToken}`).expect(200);
    expect(version.body).toMatchObject({ version: 1, calibrationSet: null });
  });

  it('leaves nothing staged when the client hangs up mid-upload, or says it sends more than it does', async () => {
    const filesBefore = await storedFiles();
    const { hostname, port } = new URL(controller.url);
    /** Writes the head of an upload that announces `announced` bytes, then `sent` of them, then hangs up. */
    const cutUpload = (announced: number, sent: number) =>
      new Promise<void>((resolve) => {
        const socket = connect(Number(port), hostname, () => {
          socket.write(
            `POST /api/v1/models/cut/versions HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${controller.adminToken}\r\n` +
              `Content-Type: application/octet-stream\r\nContent-Length: ${announced}\r\n\r\n`,
          );
          socket.write(classifier.subarray(0, sent), () => setTimeout(() => socket.destroy(), 100));
        });
        socket.on('close', () => resolve());
        socket.on('error', () => undefined);
      });

    await cutUpload(classifier.length, 100_000);
    await cutUpload(classifier.length, 0);
    await cutUpload(10, 0);

    // The controller notices the hang-up on its own time: wait until staging is empty again.
    for (let attempt = 0; (await storedFiles()).some((file) => file.includes('/staging/')) && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await storedFiles()).toEqual(filesBefore);
    await request(controller.url).get('/api/v1/models/cut/versions').set('Authorization', `Bearer ${controller.adminToken}`).expect(404);
  });

  it('still accepts a valid model and answers health afterwards', async () => {
    await expectRefusedOrStored(classifier, 'after-the-storm');
    await request(controller.url).get('/api/v1/health').expect(200);
  });
});
