import { Command } from 'commander';
import type { CompileJobView, VariantStatus } from '@edgeplane/contracts';
import type { ApiClient } from '../client/api-client';
import { CliError } from '../cli-error';
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
    .option('--profiles <names>', 'comma-separated hardware profiles (default: the four built-in ones)', (value) => value.split(',').filter(Boolean))
    .option('--no-wait', 'queue the jobs and return at once')
    .option('--interval <seconds>', 'how often to check progress', positiveInt('--interval'), 1)
    .addHelpText('after', '\nExit code 0 when at least one variant was accepted, 1 when none was (docs/cli.md).')
    .action(async (model: string, version: number, options: { profiles?: string[]; wait: boolean; interval: number }, command: Command) => {
      const client = await context.client(command);
      const terminal = context.terminal(command);
      const path = `/models/${encodeURIComponent(model)}/versions/${version}`;
      const jobs = await client.post<CompileJobView[]>(`${path}/compile`, { json: options.profiles ? { profiles: options.profiles } : {} });
      if (!options.wait) return terminal.json ? printJson(terminal, jobs) : jobs.forEach((job) => terminal.out(progressLine(job)));
      const finished = await watch(client, terminal, { model, version }, jobs, options.interval * 1000);
      if (terminal.json) printJson(terminal, finished);
      if (!finished.some((job) => job.status === 'accepted')) {
        throw new CliError(`No variant of ${model} version ${version} was accepted; the reasons are above (\`edgeplane models show\` for the model)`, ExitCode.failed);
      }
    });
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
