import { Command, Option } from 'commander';
import type { DeploymentGates, DeploymentStrategy, DeploymentTarget, DeploymentView, WaveSpec } from '@edgeplane/contracts';
import { usageError } from '../cli-error';
import { positiveInt } from './arguments';
import type { CommandContext } from './command-context';
import { watchDeployment } from './deployment-watch';
import { printJson } from '../output/terminal';

const list = (value: string) => value.split(',').filter(Boolean);
const number = (flag: string) => (value: string) => {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) throw usageError(`${flag} ${value}: must be a number ≥ 0`);
  return parsed;
};
const seconds = (flag: string) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw usageError(`${flag} ${value}: must be a whole number of seconds ≥ 0`);
  return parsed;
};

interface DeployOptions {
  selector?: string;
  profiles?: string[];
  devices?: string[];
  waves?: WaveSpec[];
  bake: number;
  maxFailedPercent: number;
  maxErrorRate: number;
  minReportedPercent: number;
  maxP95Ms?: number;
  maxP95Regression?: number;
  deadline: number;
  autoRollback: boolean;
  supersede?: boolean;
  wait: boolean;
  interval: number;
}

/** `edgeplane deploy <model> <version>`: starts a rollout and follows it until it ends. */
export function deployCommand(context: CommandContext): Command {
  return new Command('deploy')
    .description('Roll a model version out to devices in waves and follow it, with gate results, until it ends')
    .argument('<model>', 'model name')
    .argument('<version>', 'model version', positiveInt('version'))
    .option('--selector <selector>', 'target devices by label selector, e.g. "site=berlin"')
    .option('--profiles <names>', 'target devices of these hardware profiles (comma-separated)', list)
    .option('--devices <ids>', 'target these device ids (comma-separated)', list)
    .option('--waves <sizes>', 'wave sizes: a count, a percent, or "rest" for the last, e.g. 1,50%,rest (default: all at once)', parseWaves)
    .option('--bake <seconds>', 'bake time of every wave before its gates are judged', seconds('--bake'), 60)
    .option('--max-p95-ms <ms>', 'gate: highest p95 inference latency (this or --max-p95-regression is required)', number('--max-p95-ms'))
    .option('--max-p95-regression <percent>', 'gate: highest p95 increase against the previous variant', number('--max-p95-regression'))
    .option('--max-failed-percent <percent>', 'gate: most devices of a wave that may fail', number('--max-failed-percent'), 0)
    .option('--max-error-rate <rate>', 'gate: highest inference error rate, 0–1', number('--max-error-rate'), 0.01)
    .option('--min-reported-percent <percent>', 'gate: least share of a wave\'s devices that must report', number('--min-reported-percent'), 100)
    .option('--deadline <seconds>', 'devices not active by then count as timed out', positiveInt('--deadline'), 3600)
    .option('--no-auto-rollback', 'pause instead of rolling back when a wave fails its gates')
    .option('--supersede', 'replace an active deployment of the same model on these devices')
    .option('--no-wait', 'start the deployment and return at once')
    .addOption(new Option('--interval <seconds>', 'how often to check progress').argParser(positiveInt('--interval')).default(2))
    .addHelpText('after', '\nExit codes: 0 completed, 7 rolled back by its gates, 6 aborted, 1 superseded or failed; Ctrl-C stops watching only (docs/cli.md).')
    .action(async (model: string, version: number, options: DeployOptions, command: Command) => {
      const target = deploymentTarget(options);
      const gates = deploymentGates(options);
      const client = await context.client(command);
      const terminal = context.terminal(command);
      const strategy: DeploymentStrategy = options.waves
        ? { kind: 'waves', waves: options.waves.map((wave) => ({ ...wave, bakeSeconds: options.bake })) }
        : { kind: 'all-at-once', bakeSeconds: options.bake };
      const created = await client.post<DeploymentView>('/deployments', {
        json: {
          model: { name: model, version },
          target,
          strategy,
          gates,
          autoRollback: options.autoRollback,
          deadlineSeconds: options.deadline,
          ...(options.supersede ? { supersede: true } : {}),
        },
      });
      if (!options.wait) {
        if (terminal.json) return printJson(terminal, created);
        return terminal.out(`Deployment ${created.id} started: ${created.devices.deployable} of ${created.devices.targeted} devices in ${created.waves.length} wave(s). Follow it: edgeplane rollouts show ${created.id} --watch\n`);
      }
      if (!terminal.json) {
        terminal.out(`Deploying ${model} version ${version} to ${created.devices.deployable} of ${created.devices.targeted} targeted devices (${created.devices.skipped} skipped) in ${created.waves.length} wave(s); Ctrl-C stops watching, not the deployment.\n`);
      }
      await watchDeployment(client, terminal, created, options.interval * 1000);
    });
}

function deploymentTarget(options: DeployOptions): DeploymentTarget {
  const target: DeploymentTarget = {};
  if (options.selector !== undefined) target.selector = options.selector;
  if (options.profiles) target.hardwareProfiles = options.profiles;
  if (options.devices) target.deviceIds = options.devices;
  if (Object.keys(target).length === 0) throw usageError('deploy needs a target: --selector, --profiles and/or --devices');
  return target;
}

function deploymentGates(options: DeployOptions): DeploymentGates {
  if ((options.maxP95Ms === undefined) === (options.maxP95Regression === undefined)) {
    throw usageError('deploy needs exactly one latency gate: --max-p95-ms <ms> or --max-p95-regression <percent>');
  }
  return {
    maxFailedPercent: options.maxFailedPercent,
    maxErrorRate: options.maxErrorRate,
    minReportedPercent: options.minReportedPercent,
    ...(options.maxP95Ms !== undefined ? { maxP95LatencyMs: options.maxP95Ms } : { maxP95RegressionPercent: options.maxP95Regression! }),
  };
}

/** `1,50%,rest` → a count of 1, then 50 % of the target, then every device left (bake filled in later). */
export function parseWaves(value: string): WaveSpec[] {
  const parts = value.split(',');
  return parts.map((part, index) => {
    const wave = { bakeSeconds: 0 };
    if (part === 'rest') {
      if (index !== parts.length - 1) throw usageError(`--waves ${value}: only the last wave may be "rest"`);
      return wave;
    }
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(part);
    if (percent && Number(percent[1]) > 0 && Number(percent[1]) <= 100) return { ...wave, percent: Number(percent[1]) };
    if (/^[1-9]\d*$/.test(part)) return { ...wave, count: Number(part) };
    throw usageError(`--waves ${value}: "${part}" is not a device count (1), a percent (25%) or "rest"`);
  });
}
