/*
 * Agent benchmark: the built edge agent process, driven as a device runs it (desired state over the
 * real broker, artifacts from a local artifact server), measured against the issue's targets:
 *   1. predict overhead over a raw session.run on the same model and input: p50 ≤ 1 ms;
 *   2. agent RSS with the 10.8 MB recogniser loaded: ≤ 120 MB;
 *   3. a switch between variants under 200 requests/s loses no request.
 * Needs the built agent (npm run build) and Mosquitto on 127.0.0.1:1883. Prints a table and appends
 * it to bench/RESULTS.md with the machine, the date and the versions. Run on purpose: `npm run bench:agent`.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { encodeNpy } from '@edgeplane/onnx/calibration/npy';
import { AgentUnderBench } from './agent-under-bench';
import { type BenchModel, benchModels, fp16VariantOf } from './bench-models';
import { measureOverhead, type ModelLatencies, type Percentiles } from './overhead';
import { SequentialClient } from './sequential-client';
import { type SwitchResult, switchUnderLoad } from './switch-under-load';

const ROOT = join(__dirname, '..', '..');
/** The whole run stops (and stops what it started) after this long, whatever it is doing. */
const TIME_LIMIT_MS = 180_000;
const SWITCH_RATE = 200;
const SWITCH_SECONDS = 20;

interface MemoryFigures {
  idleMb: number;
  recLoadedMb: number;
  recRequests: number;
  endMb: number;
  peakMb: number;
}

async function main(): Promise<void> {
  const started = Date.now();
  const { cls, rec } = benchModels();
  const clsFp16 = fp16VariantOf(cls);
  const agent = await AgentUnderBench.start();
  const limit = setTimeout(() => {
    process.stderr.write(`agent bench: over its ${TIME_LIMIT_MS / 1000} s limit; stopping\n`);
    void agent.stop().finally(() => process.exit(1));
  }, TIME_LIMIT_MS);
  limit.unref();
  const client = new SequentialClient(agent.origin);
  try {
    await sleep(1500); // the broker connection and the first telemetry settle
    const idleMb = agent.memory().rssMb;

    progress('agent started; loading rec');
    await agent.applied(await agent.assign([rec.variant]));
    const recRequests = 200;
    await serve(client, rec, recRequests);
    const recLoadedMb = agent.memory().rssMb;

    await agent.applied(await agent.assign([rec.variant, cls.variant]));
    progress('measuring latency: cls');
    const clsLatencies = await measureOverhead(cls, client, { rounds: 10, perRound: 100, jsonPerRound: 50 });
    progress('measuring latency: rec');
    const latencies = [clsLatencies, await measureOverhead(rec, client, { rounds: 10, perRound: 30, jsonPerRound: 5 })];
    progress(`switching cls under ${SWITCH_RATE} requests/s`);
    const switched = await switchUnderLoad(agent, cls, [rec.variant], clsFp16, SWITCH_RATE, SWITCH_SECONDS);
    const { rssMb: endMb, peakRssMb: peakMb } = agent.memory();
    const lines = report(latencies, { idleMb, recLoadedMb, recRequests, endMb, peakMb }, switched, cls, Date.now() - started);
    console.log(lines.join('\n'));
    // --dry-run: print only, for trying changes out without adding to the record.
    if (!process.argv.includes('--dry-run')) appendFileSync(join(ROOT, 'bench', 'RESULTS.md'), `${lines.join('\n')}\n`);
  } finally {
    clearTimeout(limit);
    client.close();
    await agent.stop();
  }
}

/** `.npy` predictions, so the RSS figure is that of an agent that has served, not only loaded. */
async function serve(client: SequentialClient, model: BenchModel, count: number): Promise<void> {
  const body = Buffer.from(encodeNpy({ type: 'float32', shape: model.input.dims, data: model.input.data }));
  for (let i = 0; i < count; i += 1) {
    const answer = await client.send('POST', `/v1/models/${model.variant.model}:predict`, { 'content-type': 'application/x-npy' }, body);
    if (answer.status !== 200) throw new Error(`predict answered ${answer.status}: ${answer.body.toString().slice(0, 300)}`);
  }
}

function report(latencies: ModelLatencies[], memory: MemoryFigures, switched: SwitchResult, switchedModel: BenchModel, elapsedMs: number): string[] {
  const ms = (value: number) => value.toFixed(2);
  const row = (model: string, path: string, p: Percentiles, overhead: string, aboveFloor: string) =>
    `| ${model} | ${path} | ${p.samples} | ${ms(p.p50)} | ${ms(p.p95)} | ${ms(p.p99)} | ${overhead} | ${aboveFloor} |`;
  const signed = (value: number) => `${value >= 0 ? '+' : ''}${ms(value)}`;
  const latencyRows = latencies.flatMap(({ model, raw, floor, bodyFloor, npy, json }) => [
    row(model.label, 'session.run in-process', raw, '—', '—'),
    row(model.label, 'GET /v1/health (HTTP floor)', floor, '—', '—'),
    row(model.label, 'same .npy body, model not served (404)', bodyFloor, '—', '—'),
    ...([['.npy predict', npy], ['JSON predict', json]] as const).map(([path, p]) =>
      row(model.label, path, p, signed(p.p50 - raw.p50), signed(p.p50 - raw.p50 - floor.p50)),
    ),
  ]);
  const cls = latencies[0];
  const clsOverhead = cls.npy.p50 - cls.raw.p50;
  const recOverhead = latencies[1].npy.p50 - latencies[1].raw.p50;
  const lost = switched.sent - switched.answered2xx + switched.non2xx + switched.errors + switched.timeouts;
  const variantNames = new Map([[switchedModel.variant.variantId, 'fp32']]);
  const named = (id: string) => variantNames.get(id) ?? (id === 'none' ? 'no variant header' : 'fp16');
  const ortVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/onnxruntime-node/package.json'), 'utf8')).version;
  const check = (met: boolean) => (met ? '✓' : '✗');
  return [
    `\n## Agent — ${new Date().toISOString().slice(0, 10)}`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; onnxruntime-node ${ortVersion}; load average at the end ${loadavg()[0].toFixed(2)}; run took ${Math.round(elapsedMs / 1000)} s.`,
    'The built agent process (dist/apps/edge-agent) against the real broker and a local artifact server; one keep-alive connection, one request at a time, from this process;',
    'session.run is timed in this process on the same file and input with the agent\'s options (CPU, 1 intra-op thread). Inputs: cls x[1,3,48,192], rec x[1,3,48,320] → [1,40,6625].',
    'Overhead = predict p50 − session.run p50; "above floor" subtracts the p50 of GET /v1/health on the same server (the loopback round trip). The 404 row sends the same .npy body for a model the agent does not serve: carrying the input there, without a run.',
    '',
    '| model | path | samples | p50 ms | p95 ms | p99 ms | overhead p50 ms | above HTTP floor ms |',
    '|---|---|---|---|---|---|---|---|',
    ...latencyRows,
    '',
    `Switch under load: ${switched.rate} .npy predictions/s at cls (autocannon, 20 connections, ${switched.sent} requests in ${switched.durationS.toFixed(1)} s) while the desired state switched cls fp32 → fp16 (another file: download, sha256, load, self-test) and back, rec staying assigned; switches applied at ${switched.switchedAtS.map((s) => `${s.toFixed(1)} s`).join(' and ')}.`,
    `(cls, not rec: rec's session.run alone takes p50 ${ms(latencies[1].raw.p50)} ms on one thread here, so ${switched.rate} rec requests/s would need ${((switched.rate * latencies[1].raw.p50) / 1000).toFixed(1)} cores of this ${cpus().length}-core machine; a queue that only grows measures the machine, not the switch.)`,
    '',
    '| sent | answered 2xx | non-2xx | connection errors | timeouts | answers by variant | latency p50 / p99 / max ms |',
    '|---|---|---|---|---|---|---|',
    `| ${switched.sent} | ${switched.answered2xx} | ${switched.non2xx} | ${switched.errors} | ${switched.timeouts} | ${switched.byVariant.map(([id, count]) => `${named(id)} ${count}`).join(', ')}; ${switched.sequence.length - 1} changes of variant between consecutive answers | ${switched.latencyMs.p50} / ${switched.latencyMs.p99} / ${switched.latencyMs.max} |`,
    '',
    `Agent RSS (VmRSS): idle, no model ${memory.idleMb.toFixed(0)} MB; rec loaded after ${memory.recRequests} predictions ${memory.recLoadedMb.toFixed(0)} MB; at the end (cls + rec, after the switches) ${memory.endMb.toFixed(0)} MB, peak (VmHWM) ${memory.peakMb.toFixed(0)} MB.`,
    '',
    '| target | measured | met |',
    '|---|---|---|',
    `| predict overhead over session.run, p50 ≤ 1 ms | .npy: cls ${signed(clsOverhead)}, rec ${signed(recOverhead)} ms (HTTP floor ${ms(cls.floor.p50)} ms); JSON: cls ${signed(cls.json.p50 - cls.raw.p50)} ms | ${check(clsOverhead <= 1 && recOverhead <= 1)} |`,
    `| agent RSS with rec loaded ≤ 120 MB | ${memory.recLoadedMb.toFixed(0)} MB | ${check(memory.recLoadedMb <= 120)} |`,
    `| switch under ${switched.rate} req/s loses no request | ${lost} lost of ${switched.sent}; variant changed ${switched.byVariant.length > 1 ? 'yes' : 'no'} | ${check(lost === 0 && switched.byVariant.length > 1)} |`,
  ];
}

function progress(step: string): void {
  process.stderr.write(`agent bench: ${step}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: Error) => {
  process.stderr.write(`agent bench failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
