/*
 * `npm run bench`: the scale benchmarks of issue 6, one after another under one overall deadline,
 * each also under its own. Every benchmark measures its floor in the same run (the same messages
 * through the same Mosquitto, or the same query on PostgreSQL, with no Edgeplane in between) and
 * reports ScaleRows; this harness prints them as one table and appends it to bench/RESULTS.md with
 * the machine and the versions. A benchmark stops everything it started when its signal aborts
 * (deadline, SIGINT, SIGTERM). Run on purpose, after `npm run build`.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBroker, type TestBroker } from '../test/support/mosquitto';
import { machineLine } from './compile/machine';
import type { ScaleRow, ScaleSection } from './scale/scale-result';
import { versionsLine } from './scale/versions';

const ROOT = join(__dirname, '..');
/** The acceptance: the whole run within 15 minutes on this machine. */
const OVERALL_DEADLINE_MS = 15 * 60_000;
/** How long a benchmark may take to clean up after its signal aborted. */
const CLEANUP_GRACE_MS = 60_000;

interface BenchmarkEntry {
  name: string;
  /** Resolves with the benchmark's rows; stops everything it started when `signal` aborts. */
  run: (signal: AbortSignal) => Promise<ScaleSection>;
  deadlineMs: number;
}

/**
 * The benchmarks, imported once the broker of the run is up: their modules read MQTT_URL when loaded.
 * 1 (fan-out), 5 (memory) and 2 (telemetry ingest) share one 10,000-device installation.
 */
async function benchmarks(): Promise<BenchmarkEntry[]> {
  const { benchFleetAtScale } = await import('./scale/fleet-at-scale');
  const { benchRegistry } = await import('./scale/registry');
  const { benchCompileThroughput } = await import('./scale/compile-throughput');
  return [
    { name: 'fleet: fan-out, memory, telemetry ingest', run: (signal) => benchFleetAtScale(signal), deadlineMs: 11 * 60_000 },
    // These two stop themselves at 4 min (withInstallation) and clean up; the margin is for that clean-up.
    { name: 'registry', run: () => benchRegistry(), deadlineMs: 4.5 * 60_000 },
    { name: 'compile throughput', run: () => benchCompileThroughput(), deadlineMs: 4.5 * 60_000 },
  ];
}

/**
 * A Mosquitto of the run's own, with the settings Edgeplane ships for production
 * (deploy/mosquitto/edgeplane.conf): the floors and Edgeplane measured on the same broker, and
 * 10,000 simulated devices kept off the machine's shared broker.
 */
async function startRunBroker(): Promise<TestBroker> {
  const broker = await startBroker(readFileSync(join(ROOT, 'deploy', 'mosquitto', 'edgeplane.conf'), 'utf8'));
  process.env.MQTT_URL = broker.url;
  return broker;
}

const stopAll = new AbortController();

async function runEntry(entry: BenchmarkEntry, overall: AbortSignal): Promise<ScaleSection> {
  const signal = AbortSignal.any([overall, stopAll.signal, AbortSignal.timeout(entry.deadlineMs)]);
  console.error(`\n# ${entry.name} (at most ${entry.deadlineMs / 60_000} min)`);
  const running = entry.run(signal);
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = () => reject(new Error(`${entry.name}: stopped (${describe(signal.reason)})`));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([running, aborted]);
  } catch (error) {
    // Give the benchmark its chance to stop what it started before the next one begins.
    await Promise.race([running.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, CLEANUP_GRACE_MS))]);
    console.error(error);
    return failedSection(entry.name, error);
  }
}

function failedSection(name: string, error: unknown): ScaleSection {
  return {
    rows: [{ benchmark: name, measured: 'did not finish', floor: null, ratio: null, target: '—', met: false }],
    notes: [`${name} did not finish: ${describe(error).split('\n')[0]}`],
  };
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

function table(rows: ScaleRow[]): string[] {
  const cell = (value: string) => value.replace(/\|/g, '\\|');
  return [
    '| benchmark | Edgeplane | floor | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${cell(row.benchmark)} | ${cell(row.measured)} | ${row.floor === null ? '—' : cell(row.floor)} | ${row.ratio ?? '—'} | ${cell(row.target)} | ${row.met ? '✓' : '✗'} |`),
  ];
}

async function main(): Promise<void> {
  const overall = AbortSignal.timeout(OVERALL_DEADLINE_MS);
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => {
      console.error(`${name}: stopping the benchmark and everything it started`);
      stopAll.abort(new Error(name));
    });
  }
  const started = performance.now();
  const sections: ScaleSection[] = [];
  const broker = await startRunBroker();
  try {
    for (const entry of await benchmarks()) {
      if (overall.aborted || stopAll.signal.aborted) break;
      sections.push(await runEntry(entry, overall));
    }
  } finally {
    await broker.close();
  }
  if (stopAll.signal.aborted) process.exit(130);
  const text = [
    `\n## Scale — ${new Date().toISOString().slice(0, 10)}`,
    machineLine(),
    await versionsLine(),
    `\`npm run bench\`, ${((performance.now() - started) / 60_000).toFixed(1)} min. Ratio: Edgeplane ÷ floor, both measured in this run (a time: lower is better; a rate: higher is better).`,
    '',
    ...table(sections.flatMap((section) => section.rows)),
    '',
    ...sections.flatMap((section) => section.notes.map((note) => `- ${note}`)),
  ].join('\n');
  console.log(text);
  appendFileSync(join(ROOT, 'bench', 'RESULTS.md'), `${text}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
