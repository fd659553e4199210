import { Command } from 'commander';
import type { DeploymentSummaryView, DeploymentView, Page } from '@edgeplane/contracts';
import { renderTable } from '../output/table';
import { printJson } from '../output/terminal';
import { positiveInt } from './arguments';
import type { CommandContext } from './command-context';
import { deviceCounts, gateLines, watchDeployment } from './deployment-watch';

const ACTIONS = {
  pause: 'Pause a running deployment (devices keep what they have; the bake clock does not stop)',
  resume: 'Resume a paused deployment (overrides a wave that failed its gates)',
  abort: 'Abort a running or paused deployment: roll every touched device back',
  promote: 'End the baking wave\'s bake now; its gates are judged at once',
} as const;

/** `edgeplane rollouts ls|show|pause|resume|abort|promote`. */
export function rolloutsCommand(context: CommandContext): Command {
  const rollouts = new Command('rollouts').description('List, inspect and steer deployments');

  rollouts
    .command('ls')
    .description('List deployments, newest first')
    .option('--limit <n>', 'how many (1–200)', positiveInt('--limit'), 50)
    .action(async (options: { limit: number }, command: Command) => {
      const page = await (await context.client(command)).get<Page<DeploymentSummaryView>>(`/deployments?limit=${options.limit}`);
      const terminal = context.terminal(command);
      if (terminal.json) return printJson(terminal, page.items);
      terminal.out(
        renderTable(
          ['ID', 'MODEL', 'STATE', 'TARGETED', 'DEPLOYABLE', 'SKIPPED', 'CREATED'],
          page.items.map((item) => [item.id, `${item.model.name}@${item.model.version}`, item.state, String(item.devices.targeted), String(item.devices.deployable), String(item.devices.skipped), item.createdAt]),
        ),
      );
    });

  rollouts
    .command('show <id>')
    .description('Show a deployment: waves, devices, gate results, timeline')
    .option('--watch', 'follow it until it ends (exit codes as for deploy)')
    .option('--interval <seconds>', 'how often to check progress with --watch', positiveInt('--interval'), 2)
    .action(async (id: string, options: { watch?: boolean; interval: number }, command: Command) => {
      const client = await context.client(command);
      const terminal = context.terminal(command);
      const deployment = await client.get<DeploymentView>(`/deployments/${encodeURIComponent(id)}`);
      if (options.watch) return watchDeployment(client, terminal, deployment, options.interval * 1000);
      if (terminal.json) return printJson(terminal, deployment);
      terminal.out(deploymentDetail(deployment));
    });

  for (const [action, description] of Object.entries(ACTIONS)) {
    rollouts
      .command(`${action} <id>`)
      .description(description)
      .action(async (id: string, _options: unknown, command: Command) => {
        const client = await context.client(command);
        const deployment = await client.post<DeploymentView>(`/deployments/${encodeURIComponent(id)}/${action}`);
        const terminal = context.terminal(command);
        if (terminal.json) return printJson(terminal, deployment);
        terminal.out(`Deployment ${deployment.id}: ${deployment.state} (${action} accepted)\n`);
      });
  }

  return rollouts;
}

function deploymentDetail(deployment: DeploymentView): string {
  const lines = [
    `Deployment ${deployment.id}: ${deployment.model.name}@${deployment.model.version}, ${deployment.state}`,
    `devices: ${deployment.devices.targeted} targeted, ${deployment.devices.deployable} deployable, ${deployment.devices.skipped} skipped`,
    `started ${deployment.startedAt ?? '-'}, finished ${deployment.finishedAt ?? '-'}`,
  ];
  for (const wave of deployment.waves) {
    lines.push(`wave ${wave.index + 1}/${deployment.waves.length}: ${wave.state}, bake ${wave.bakeSeconds} s — ${deviceCounts(wave)}`);
    if (wave.gateEvaluation) lines.push(...gateLines(wave.gateEvaluation).map((line) => `  ${line}`));
    for (const device of wave.devices) {
      const why = device.skipReason ?? device.statusReason;
      lines.push(`  ${device.deviceId} ${device.hardwareProfile} ${device.status}${why ? ` — ${why}` : ''}`);
    }
  }
  lines.push('timeline:');
  for (const event of deployment.timeline) {
    // Gate results are printed with their wave above; the timeline keeps to the facts of each step.
    const { gates: _gates, window: _window, ...facts } = event.details;
    const details = Object.keys(facts).length ? ` ${JSON.stringify(facts)}` : '';
    lines.push(`  ${event.at} ${event.type}${event.actor?.name ? ` by ${event.actor.name}` : ''}${details}`);
  }
  return `${lines.join('\n')}\n`;
}
