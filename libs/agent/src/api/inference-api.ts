import fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { InferenceSession } from 'onnxruntime-node';
import type { Logger } from 'pino';
import { EdgeplaneError, HTTP_STATUS_OF_KIND } from '@edgeplane/contracts';
import type { LoadedVariant } from '../serving/loaded-variant';
import type { ModelHost } from '../serving/model-host';
import type { InferenceStats } from '../telemetry/inference-stats';
import { InvalidInputError, ModelNotReadyError, PredictionFailedError, UnknownModelError } from './inference-api.errors';
import { hasNpyForm, tensorFromJson, tensorFromNpy, tensorToJson, tensorToNpy } from './tensor-codec';

export interface InferenceApiDependencies {
  host: ModelHost;
  stats: InferenceStats;
  logger: Logger;
}

const NPY = 'application/x-npy';
/** Large enough for a batch of images as JSON numbers; the API is local to the device. */
const BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * The device's local inference API: predict with JSON tensors or a .npy body, list the served
 * models, health. Errors are RFC 9457 problem documents like the controller's.
 */
export function buildInferenceApi({ host, stats, logger }: InferenceApiDependencies): FastifyInstance {
  // Prototype-poisoning scans cost a pass over every (large) body; the parsed body is only read, never merged into objects.
  const app = fastify({ bodyLimit: BODY_LIMIT_BYTES, onProtoPoisoning: 'ignore', onConstructorPoisoning: 'ignore' });
  app.addContentTypeParser(NPY, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.get('/v1/health', async () => ({ status: 'ok', servedModels: host.list().length }));

  app.get('/v1/models', async () => ({
    models: host.list().map(({ model, record, variant, lastKnownGood }) => ({
      name: model,
      variantId: record.variantId,
      modelVersion: record.modelVersion,
      lastKnownGoodVariantId: lastKnownGood?.variantId ?? null,
      inputs: variant.inputs,
      outputs: variant.outputs,
    })),
  }));

  app.post<{ Params: { name: string }; Querystring: { output?: string } }>(
    '/v1/models/:name(^[a-z0-9][a-z0-9._-]*)::predict',
    async (request, reply) => {
      const { name } = request.params;
      const variant = host.lease(name);
      if (!variant) throw host.isAssigned(name) ? new ModelNotReadyError(name) : new UnknownModelError(name);
      try {
        if (request.headers['content-type']?.startsWith(NPY)) {
          return await predictNpy(variant, request.body as Buffer, request.query.output, reply);
        }
        return await predictJson(variant, request.body);
      } finally {
        variant.release();
      }
    },
  );

  async function predictJson(variant: LoadedVariant, body: unknown) {
    const inputs = (body as { inputs?: unknown } | null)?.inputs;
    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
      throw new InvalidInputError('the body must be {"inputs": {"<input name>": {"type", "dims", "data"}}}');
    }
    const given = Object.keys(inputs);
    const expected = variant.inputs.map((input) => input.name);
    if (given.length !== expected.length || !expected.every((input) => Object.hasOwn(inputs, input))) {
      throw new InvalidInputError(`model ${variant.model} takes inputs ${expected.join(', ')}; got ${given.join(', ') || 'none'}`);
    }
    const started = performance.now();
    const feeds = Object.fromEntries(variant.inputs.map((input) => [input.name, tensorFromJson((inputs as Record<string, unknown>)[input.name], input)]));
    const outputs = await run(variant, feeds);
    const answer = {
      model: variant.model,
      variantId: variant.variantId,
      outputs: Object.fromEntries(Object.entries(outputs).map(([output, tensor]) => [output, tensorToJson(tensor)])),
    };
    stats.recordSuccess(variant.model, variant.variantId, performance.now() - started);
    return answer;
  }

  async function predictNpy(variant: LoadedVariant, body: Buffer, output: string | undefined, reply: FastifyReply) {
    if (variant.inputs.length !== 1) {
      throw new InvalidInputError(`model ${variant.model} takes ${variant.inputs.length} inputs; the .npy form is for single-input models, send JSON`);
    }
    const chosen = variant.outputs.find((candidate) => candidate.name === (output ?? variant.outputs[0].name));
    if (!chosen) throw new InvalidInputError(`model ${variant.model} has no output ${output}; it has ${variant.outputs.map((o) => o.name).join(', ')}`);
    if (!hasNpyForm(chosen.type)) throw new InvalidInputError(`output ${chosen.name} is ${chosen.type}, which has no .npy form here; ask for JSON`);
    const started = performance.now();
    const outputs = await run(variant, { [variant.inputs[0].name]: tensorFromNpy(body, variant.inputs[0]) });
    const npy = tensorToNpy(outputs[chosen.name]);
    stats.recordSuccess(variant.model, variant.variantId, performance.now() - started);
    reply.header('content-type', NPY).header('x-edgeplane-model', variant.model).header('x-edgeplane-variant', variant.variantId);
    return Buffer.from(npy.buffer, npy.byteOffset, npy.byteLength);
  }

  async function run(variant: LoadedVariant, feeds: InferenceSession.FeedsType): Promise<InferenceSession.ReturnType> {
    try {
      return await variant.session.run(feeds);
    } catch (error) {
      stats.recordError(variant.model, variant.variantId);
      throw new PredictionFailedError(variant.model, variant.variantId, (error as Error).message);
    }
  }

  app.setNotFoundHandler((request, reply) =>
    problem(reply, 404, 'route.not_found', `no route ${request.method} ${request.url}; see GET /v1/models and POST /v1/models/{name}:predict`),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof PredictionFailedError) return problem(reply, 500, error.code, error.message);
    if (error instanceof EdgeplaneError) return problem(reply, HTTP_STATUS_OF_KIND[error.kind], error.code, error.message);
    if (error.statusCode && error.statusCode < 500) return problem(reply, error.statusCode, `request.${error.code ?? 'invalid'}`, error.message);
    logger.error({ err: error, url: request.url }, 'inference API request failed');
    return problem(reply, 500, 'internal', 'the agent failed to answer; see its log');
  });
  return app;
}

function problem(reply: FastifyReply, status: number, code: string, detail: string): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'application/problem+json')
    .send(JSON.stringify({ type: `urn:edgeplane:problem:${code}`, status, code, detail, instance: reply.request.url }));
}
