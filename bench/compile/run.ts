/*
 * Compile benchmark: every pass the compiler has, on the three real PaddleOCR models, with the same
 * verification a compile job runs. Prints a table and appends it to bench/RESULTS.md with the
 * machine, the date and the versions. Run on purpose: `npm run bench:compile`.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_HARDWARE_PROFILES, HARDWARE_CLASSES, HardwareClass } from '@edgeplane/contracts';
import { inspectModel, readModel, syntheticInputs, verifyVariant, writeModel } from '@edgeplane/onnx';
import { passFor } from '../../libs/compiler/src/pass-for-profile';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';

const ROOT = join(__dirname, '..', '..');
const INPUTS = 8;

interface Row {
  model: string;
  profile: string;
  compileMs: number;
  verifyMs: number;
  sizeRatio: number;
  cosine: number;
  top1: number | null;
  hostMs: string;
  peakRssMb: number;
}

async function measure(name: keyof typeof REAL_MODEL_FILES, hardwareClass: HardwareClass): Promise<Row> {
  const profile = BUILT_IN_HARDWARE_PROFILES[hardwareClass];
  const original = readFileSync(REAL_MODEL_FILES[name]);
  const started = performance.now();
  const model = readModel(original);
  const metadata = inspectModel(model);
  const calibration = syntheticInputs(metadata, { count: INPUTS, seed: 1 });
  const variant = writeModel((await passFor(profile)(model, profile, calibration)).model);
  const compiled = performance.now();
  const inputs = syntheticInputs(metadata, { count: INPUTS, seed: 2 });
  const figures = await verifyVariant(original, variant, inputs, { inputSource: 'synthetic' });
  const verified = performance.now();
  return {
    model: name,
    profile: profile.name,
    compileMs: Math.round(compiled - started),
    verifyMs: Math.round(verified - compiled),
    sizeRatio: figures.sizeRatio,
    cosine: figures.cosine,
    top1: figures.top1Agreement,
    hostMs: `${figures.hostLatencyMs.original.toFixed(1)} → ${figures.hostLatencyMs.variant.toFixed(1)}`,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const name of Object.keys(REAL_MODEL_FILES) as (keyof typeof REAL_MODEL_FILES)[]) {
    for (const hardwareClass of HARDWARE_CLASSES) rows.push(await measure(name, hardwareClass));
  }
  const versions = JSON.parse(readFileSync(join(ROOT, 'node_modules/onnxruntime-node/package.json'), 'utf8')).version;
  const lines = [
    `\n## Compile — ${new Date().toISOString().slice(0, 10)}`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; onnxruntime-node ${versions}.`,
    `Pass + verification (${INPUTS} synthetic inputs, ORT CPU, 1 thread) per model and profile; peak RSS of the benchmark process so far.`,
    '',
    '| model | profile | compile ms | verify ms | size ratio | cosine | top-1 | host latency ms (fp32 → variant) | peak RSS MB |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.model} | ${r.profile} | ${r.compileMs} | ${r.verifyMs} | ${r.sizeRatio.toFixed(3)} | ${r.cosine.toFixed(6)} | ${r.top1 === null ? '—' : r.top1.toFixed(4)} | ${r.hostMs} | ${r.peakRssMb} |`,
    ),
  ];
  console.log(lines.join('\n'));
  appendFileSync(join(ROOT, 'bench', 'RESULTS.md'), `${lines.join('\n')}\n`);
}

void main();
