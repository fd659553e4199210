import { Command } from 'commander';
import type { CompileJobView, CompileRequest, VariantStatus } from '@edgeplane/contracts';
import type { ApiClient } from '../client/api-client';
import { CliError, usageError } from '../cli-error';
import { ExitCode } from '../exit-codes';
import { formatBytes } from '../output/table';
import { printJson, type Terminal } from '../output/terminal';
import { positiveInt } from './arguments';
import type { CommandContext } from './command-context';
import { onInterrupt, pause } from './interrupt';

const FINISHED: readonly VariantStatus[] = ['accepted', 'rejected', 'failed', 'cancelled'];

/** `edgeplane compile <model> <version>`: queues one job per profile and waits for every one to finish. */
export function compileCommand(context: CommandContext): Command {
  return new Command('compile')
    .description('Compile a model version for hardware profiles and wait, showing each profile\'s progress')
    .argument('<model>', 'model name')
    .argument('<version>', 'model version', positiveInt('version'))
    .option('--profiles <names>', 'comma-separated hardware profiles (default: the four built-in ones)', list)
    .option('--prune <sparsity>', 'prune weights to this sparsity first (0.05–0.95); kept only if the variant still passes', fraction('--prune'))
    .option('--keep-in-float <nodes>', 'static-int8 profiles: comma-separated Conv/MatMul/Gemm node names to leave in float', list)
    .option('--min-cosine <x>', "override the profiles' accuracy budget: least cosine similarity (0–1)", fraction('--min-cosine'))
    .option('--min-top1 <x>', "override the profiles' accuracy budget: least top-1 agreement (0–1)", fraction('--min-top1'))
    .option('--no-wait', 'queue the jobs and return at once')
    .option('--interval <seconds>', 'how often to check progress', positiveInt('--interval'), 1)
    .addHelpText('after', '\nExit code 0 when at least one variant was accepted, 1 when none was (docs/cli.md).')
    .action(async (model: string, version: number, options: CompileFlags, command: Command) => {
      const client = await context.client(command);
      const terminal = context.terminal(command);
      const path = `/models/${encodeURIComponent(model)}/versions/${version}`;
      const jobs = await client.post<CompileJobView[]>(`${path}/compile`, { json: compileRequest(options) });
      if (!options.wait) return terminal.json ? printJson(terminal, jobs) : jobs.forEach((job) => terminal.out(progressLine(job)));
      const finished = await watch(client, terminal, { model, version }, jobs, options.interval * 1000);
      if (terminal.json) printJson(terminal, finished);
      if (!finished.some((job) => job.status === 'accepted')) {
        throw new CliError(`No variant of ${model} version ${version} was accepted; the reasons are above (\`edgeplane models show\` for the model)`, ExitCode.failed);
      }
    });
}

interface CompileFlags {
  profiles?: string[];
  prune?: number;
  keepInFloat?: string[];
  minCosine?: number;
  minTop1?: number;
  wait: boolean;
  interval: number;
}

/** The API's compile request (libs/models CompileRequestDto): only what was asked for, the rest from the profiles. */
function compileRequest(flags: CompileFlags): CompileRequest {
  const budget = { minCosine: flags.minCosine, minTop1Agreement: flags.minTop1 };
  const options = {
    pruneSparsity: flags.prune,
    keepInFloat: flags.keepInFloat,
    accuracyBudget: budget.minCosine === undefined && budget.minTop1Agreement === undefined ? undefined : budget,
  };
  const anyOption = Object.values(options).some((value) => value !== undefined);
  return { profiles: flags.profiles, options: anyOption ? options : undefined };
}

/** A number from 0 to 1 (the API checks the exact range and names it, e.g. prune's 0.05–0.95). */
function fraction(flag: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) throw usageError(`${flag} ${value}: must be a number from 0 to 1`);
    return number;
  };
}

function list(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

/** Polls the version's variants, printing a line whenever a job of ours changes, until each has finished. */
async function watch(
  client: ApiClient,
  terminal: Terminal,
  { model, version }: { model: string; version: number },
  queued: CompileJobView[],
  intervalMs: number,
): Promise<CompileJobView[]> {
  const path = `/models/${encodeURIComponent(model)}/versions/${version}`;
  const ids = new Set(queued.map((job) => job.id));
  const shown = new Map<string, string>();
  const { interrupted, dispose } = onInterrupt();
  try {
    for (let jobs = queued; ; ) {
      for (const job of jobs) {
        const line = progressLine(job);
        if (shown.get(job.id) !== line && !terminal.json) terminal.out(line);
        shown.set(job.id, line);
      }
      if (jobs.every((job) => FINISHED.includes(job.status))) return jobs;
      if ((await pause(intervalMs, interrupted)) === 'interrupted') {
        throw new CliError(`Stopped watching; the compile jobs keep running. Asking again shows the same jobs: edgeplane compile ${model} ${version}`, ExitCode.interrupted);
      }
      jobs = (await client.get<CompileJobView[]>(`${path}/variants`)).filter((job) => ids.has(job.id));
    }
  } finally {
    dispose();
  }
}

function progressLine(job: CompileJobView): string {
  const head = `${job.hardwareProfile}: ${job.status}`;
  if (job.status === 'compiling') return `${head}${job.stage ? ` (${job.stage})` : ''}\n`;
  if (job.status === 'accepted' && job.figures) {
    const { cosine, top1Agreement, sizeBytes, sizeRatio } = job.figures;
    const top1 = top1Agreement === null ? '' : `, top-1 agreement ${(top1Agreement * 100).toFixed(1)}%`;
    return `${head}: cosine ${cosine.toFixed(4)}${top1}, ${formatBytes(sizeBytes)} (${sizeRatio.toFixed(2)}× the original) [variant ${job.id}]\n`;
  }
  return `${head}${job.reason ? `: ${job.reason}` : ''}\n`;
}
