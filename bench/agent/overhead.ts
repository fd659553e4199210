import { InferenceSession, Tensor } from 'onnxruntime-node';
import { encodeNpy, parseNpy } from '@edgeplane/onnx/calibration/npy';
import type { BenchModel } from './bench-models';
import type { SequentialClient } from './sequential-client';

/** Latency percentiles in milliseconds. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  samples: number;
}

/** The latencies of one model: raw session.run in this process, the HTTP floors, and both predict paths. */
export interface ModelLatencies {
  model: BenchModel;
  raw: Percentiles;
  /** GET /v1/health: a loopback round trip to the agent's server. */
  floor: Percentiles;
  /** The same .npy body POSTed for a model the agent does not serve: upload and routing, no run (404). */
  bodyFloor: Percentiles;
  npy: Percentiles;
  json: Percentiles;
}

export interface OverheadPlan {
  rounds: number;
  /** Requests per round and path; JSON gets fewer where a round trip costs tens of milliseconds. */
  perRound: number;
  jsonPerRound: number;
}

/**
 * Measures the raw `session.run` of the model in this process (same file, same options as the agent:
 * CPU, one intra-op thread) and the agent's answer to the same input over HTTP: `.npy` and JSON
 * predict; GET /v1/health as the floor a loopback round trip to that server costs, and the same .npy
 * body sent for a model it does not serve as the floor of carrying the input there. The five are
 * interleaved in rounds so that load from the rest of a shared machine falls on all of them alike.
 */
export async function measureOverhead(model: BenchModel, client: SequentialClient, plan: OverheadPlan): Promise<ModelLatencies> {
  const session = await InferenceSession.create(model.path, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  const feeds = { [model.input.name]: new Tensor('float32', model.input.data, model.input.dims) };
  const predictPath = `/v1/models/${model.variant.model}:predict`;
  const npyBody = Buffer.from(encodeNpy({ type: 'float32', shape: model.input.dims, data: model.input.data }));
  const jsonBody = Buffer.from(JSON.stringify({ inputs: { [model.input.name]: { type: 'float32', dims: model.input.dims, data: Array.from(model.input.data) } } }));
  const npyHeaders = { 'content-type': 'application/x-npy' };
  const jsonHeaders = { 'content-type': 'application/json' };

  const expected = (await session.run(feeds))[model.output].data as Float32Array;
  await checkSameAnswer(client, `${predictPath}?output=${model.output}`, npyBody, expected);

  const samples = { raw: [] as number[], floor: [] as number[], bodyFloor: [] as number[], npy: [] as number[], json: [] as number[] };
  const timeRaw = async () => {
    const started = performance.now();
    await session.run(feeds);
    return performance.now() - started;
  };
  const timeHttp = async (method: string, path: string, headers?: Record<string, string>, body?: Buffer, status = 200) => {
    const answer = await client.send(method, path, headers, body);
    if (answer.status !== status) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.body.toString().slice(0, 300)}`);
    return answer.ms;
  };
  // One round unrecorded: JIT, ORT's first-run allocations, the connection.
  for (let round = -1; round < plan.rounds; round += 1) {
    const keep = (into: number[], ms: number) => round >= 0 && into.push(ms);
    for (let i = 0; i < plan.perRound; i += 1) keep(samples.raw, await timeRaw());
    for (let i = 0; i < plan.perRound; i += 1) keep(samples.floor, await timeHttp('GET', '/v1/health'));
    for (let i = 0; i < plan.perRound; i += 1) keep(samples.bodyFloor, await timeHttp('POST', '/v1/models/not-served:predict', npyHeaders, npyBody, 404));
    for (let i = 0; i < plan.perRound; i += 1) keep(samples.npy, await timeHttp('POST', predictPath, npyHeaders, npyBody));
    for (let i = 0; i < plan.jsonPerRound; i += 1) keep(samples.json, await timeHttp('POST', predictPath, jsonHeaders, jsonBody));
  }
  await session.release();
  const [raw, floor, bodyFloor, npy, json] = [samples.raw, samples.floor, samples.bodyFloor, samples.npy, samples.json].map(percentiles);
  return { model, raw, floor, bodyFloor, npy, json };
}

/** The overhead figures are only worth something if the agent computes what session.run computes. */
async function checkSameAnswer(client: SequentialClient, path: string, body: Buffer, expected: Float32Array): Promise<void> {
  const answer = await client.send('POST', path, { 'content-type': 'application/x-npy' }, body);
  if (answer.status !== 200) throw new Error(`POST ${path} answered ${answer.status}: ${answer.body.toString().slice(0, 300)}`);
  const got = parseNpy(new Uint8Array(answer.body), 'agent answer').data as Float32Array;
  if (got.length !== expected.length || got.some((value, index) => value !== expected[index])) {
    throw new Error(`the agent's answer to ${path} differs from session.run on the same input`);
  }
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least q of the samples at or below it.
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), samples: sorted.length };
}
