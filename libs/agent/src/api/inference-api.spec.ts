import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import pino from 'pino';
import { parseNpy, encodeNpy } from '@edgeplane/onnx/calibration/npy';
import { ModelHost } from '../serving/model-host';
import { VariantLoader } from '../serving/variant-loader';
import { InferenceStats } from '../telemetry/inference-stats';
import { CLS_DIMS, CLS_INPUT, CLS_MODEL_PATH, CLS_OUTPUT, clsInput } from '../testing/cls-model';
import { buildInferenceApi } from './inference-api';

const MODEL = 'text-direction';
const VARIANT = '019a0000-0000-7000-8000-0000000000a1';
const RUNTIME = { executionProviders: ['cpu'], intraOpThreads: 1 };

describe('inference API', () => {
  let direct: InferenceSession;
  let host: ModelHost;
  let stats: InferenceStats;
  let sut: FastifyInstance;
  const input = clsInput(7);

  beforeAll(async () => {
    direct = await InferenceSession.create(CLS_MODEL_PATH, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
    host = new ModelHost();
    const loaded = await new VariantLoader(['cpu']).load({ model: MODEL, variantId: VARIANT, modelPath: CLS_MODEL_PATH, samplesPath: null, runtime: RUNTIME });
    host.activate(MODEL, { variantId: VARIANT, modelVersion: 1, artifactSha256: 'a'.repeat(64), samplesSha256: null, runtime: RUNTIME }, loaded);
    host.assign([MODEL, 'still-loading']);
    stats = new InferenceStats();
    sut = buildInferenceApi({ host, stats, logger: pino({ level: 'silent' }) });
    await sut.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await sut.close();
    await host.close();
    await direct.release();
  });

  /** A real HTTP request (fastify's inject needs ES-module support that Jest lacks on Node 20). */
  async function send(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer) {
    const { port } = sut.server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body });
    const raw = Buffer.from(await response.arrayBuffer());
    return { statusCode: response.status, headers: Object.fromEntries(response.headers), rawPayload: raw, json: () => JSON.parse(raw.toString()) };
  }

  const expected = async () => (await direct.run({ [CLS_INPUT]: new Tensor('float32', input, CLS_DIMS) }))[CLS_OUTPUT];
  const predictJson = (body: unknown, model = MODEL) =>
    send('POST', `/v1/models/${model}:predict`, { 'content-type': 'application/json' }, JSON.stringify(body));
  const jsonBody = (overrides: Record<string, unknown> = {}) => ({
    inputs: { [CLS_INPUT]: { type: 'float32', dims: CLS_DIMS, data: Array.from(input), ...overrides } },
  });

  it('answers JSON predictions bit for bit like a direct session.run, and counts them', async () => {
    const response = await predictJson(jsonBody());
    expect(response.statusCode).toBe(200);
    const answer = response.json();
    const reference = await expected();
    expect(answer).toEqual({ model: MODEL, variantId: VARIANT, outputs: { [CLS_OUTPUT]: { type: 'float32', dims: [1, 2], data: expect.any(Array) } } });
    expect(new Float32Array(answer.outputs[CLS_OUTPUT].data)).toEqual(reference.data);
    expect(stats.takeWindow([]).find((variant) => variant.variantId === VARIANT)?.inferences).toBe(1);
  });

  it('answers a .npy body with the .npy of the output, bit for bit', async () => {
    const response = await send(
      'POST',
      `/v1/models/${MODEL}:predict?output=${CLS_OUTPUT}`,
      { 'content-type': 'application/x-npy' },
      Buffer.from(encodeNpy({ type: 'float32', shape: CLS_DIMS, data: input })),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'application/x-npy', 'x-edgeplane-variant': VARIANT });
    const output = parseNpy(new Uint8Array(response.rawPayload), 'response');
    expect(output.shape).toEqual([1, 2]);
    expect(Buffer.from(output.data.buffer)).toEqual(Buffer.from(((await expected()).data as Float32Array).buffer));
  });

  it('lists the served models with their inputs and outputs', async () => {
    const response = await send('GET', '/v1/models');
    expect(response.json()).toEqual({
      models: [
        expect.objectContaining({
          name: MODEL,
          variantId: VARIANT,
          inputs: [{ name: CLS_INPUT, type: 'float32', shape: expect.any(Array) }],
          outputs: [{ name: CLS_OUTPUT, type: 'float32', shape: expect.any(Array) }],
        }),
      ],
    });
    expect((await send('GET', '/v1/health')).json()).toEqual({ status: 'ok', servedModels: 1 });
  });

  it.each([
    ['an unknown model', () => predictJson(jsonBody(), 'no-such-model'), 404, 'model.not_found'],
    ['a model without an active variant yet', () => predictJson(jsonBody(), 'still-loading'), 503, 'model.not_ready'],
    ['a wrong input name', () => predictJson({ inputs: { image: jsonBody().inputs[CLS_INPUT] } }), 400, 'predict.invalid_input'],
    ['a wrong element type', () => predictJson(jsonBody({ type: 'int64' })), 400, 'predict.invalid_input'],
    ['dims that break a fixed dimension', () => predictJson(jsonBody({ dims: [1, 4, 48, 192] })), 400, 'predict.invalid_input'],
    ['data of the wrong length', () => predictJson(jsonBody({ data: [1, 2, 3] })), 400, 'predict.invalid_input'],
    ['a non-number element', () => predictJson(jsonBody({ data: ['a', ...Array.from(input).slice(1)] })), 400, 'predict.invalid_input'],
    [
      'a body that is not JSON',
      () => send('POST', `/v1/models/${MODEL}:predict`, { 'content-type': 'application/json' }, '{"inputs": '),
      400,
      'request.FST_ERR_CTP_INVALID_JSON_BODY',
    ],
  ])('refuses %s with a problem document', async (_case, send, status, code) => {
    const response = await send();
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status, code, detail: expect.any(String) });
  });

  it('names the expected dims when refusing an input', async () => {
    const response = await predictJson(jsonBody({ dims: [1, 3, 48] }));
    expect(response.json().detail).toMatch(/^input x has rank 4 \[.+,3,.+,.+\], got dims \[1,3,48\]$/);
  });
});
