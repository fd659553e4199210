/*
 * Compile benchmark: every pass the compiler has, on the three real PaddleOCR models, with the same
 * verification a compile job runs, on real text images (test/fixtures/text-images): each model is
 * calibrated on the calibration split and verified on the evaluation split, never on the images it
 * was calibrated on. Prints a table and appends it to bench/RESULTS.md with the machine, the date
 * and the versions. Run on purpose: `npm run bench:compile`.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_HARDWARE_PROFILES, HARDWARE_CLASSES, HardwareClass } from '@edgeplane/contracts';
import { readModel, verifyVariant, writeModel } from '@edgeplane/onnx';
import { accuracyBasisFor, passFor } from '../../libs/compiler/src/pass-for-profile';
import { REAL_MODEL_FILES, type RealModelName } from '../../libs/onnx/src/testing/onnx-test-models';
import { realTextInputs } from '../../libs/onnx/src/testing/real-text-inputs';
import { machineLine } from './machine';

const ROOT = join(__dirname, '..', '..');

interface Row {
  model: string;
  profile: string;
  compileMs: number;
  verifyMs: number;
  sizeRatio: number;
  cosine: number;
  top1: number | null;
  accuracyOn: string;
  hostMs: string;
  peakRssMb: number;
}

async function measure(name: RealModelName, hardwareClass: HardwareClass): Promise<Row> {
  const profile = BUILT_IN_HARDWARE_PROFILES[hardwareClass];
  const original = readFileSync(REAL_MODEL_FILES[name]);
  const calibration = realTextInputs(name, 'calibration');
  const evaluation = realTextInputs(name, 'evaluation');
  const started = performance.now();
  const model = readModel(original);
  const variant = writeModel((await passFor(profile)(model, profile, calibration, {})).model);
  const compiled = performance.now();
  // Real samples, as a version's uploaded calibration set would be; not generated from shapes.
  const figures = await verifyVariant(original, variant, evaluation, {
    inputSource: 'calibration-set',
    accuracyFrom: accuracyBasisFor(profile),
  });
  const verified = performance.now();
  return {
    model: name,
    profile: profile.name,
    compileMs: Math.round(compiled - started),
    verifyMs: Math.round(verified - compiled),
    sizeRatio: figures.sizeRatio,
    cosine: figures.cosine,
    top1: figures.top1Agreement,
    accuracyOn: figures.accuracyMeasuredOn,
    hostMs: `${figures.hostLatencyMs.original.toFixed(1)} → ${figures.hostLatencyMs.variant.toFixed(1)}`,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const name of Object.keys(REAL_MODEL_FILES) as RealModelName[]) {
    for (const hardwareClass of HARDWARE_CLASSES) rows.push(await measure(name, hardwareClass));
  }
  const lines = [
    `\n## Compile — ${new Date().toISOString().slice(0, 10)}`,
    machineLine(),
    `Pass + verification per model and profile on real text images (test/fixtures/text-images): calibrated on ${splitSizes('calibration')}, verified on ${splitSizes('evaluation')} (ORT CPU, 1 thread); peak RSS of the benchmark process so far.`,
    '',
    'Cosine and top-1 are measured on the basis the compiler picks: host kernels (cpu, gpu) or simulated int8 (fpga, asic: unfused QDQ, as a device accumulating in int32 computes it).',
    '',
    '| model | profile | compile ms | verify ms | size ratio | cosine | top-1 | accuracy on | host latency ms (fp32 → variant) | peak RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.model} | ${r.profile} | ${r.compileMs} | ${r.verifyMs} | ${r.sizeRatio.toFixed(3)} | ${r.cosine.toFixed(6)} | ${r.top1 === null ? '—' : r.top1.toFixed(4)} | ${r.accuracyOn} | ${r.hostMs} | ${r.peakRssMb} |`,
    ),
  ];
  console.log(lines.join('\n'));
  appendFileSync(join(ROOT, 'bench', 'RESULTS.md'), `${lines.join('\n')}\n`);
}

/** How many images a split gives each kind of model, e.g. "8 text lines (rec, cls) / 2 pages (det)". */
function splitSizes(split: 'calibration' | 'evaluation'): string {
  return `${realTextInputs('rec', split).length} text lines (rec, cls) / ${realTextInputs('det', split).length} pages (det)`;
}

void main();
