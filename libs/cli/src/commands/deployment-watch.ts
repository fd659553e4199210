import { isFinalDeploymentState, type DeploymentState, type DeploymentView, type DeploymentWaveView, type GateEvaluation } from '@edgeplane/contracts';
import type { ApiClient } from '../client/api-client';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';
import { printJson, type Terminal } from '../output/terminal';
import { onInterrupt, pause } from './interrupt';


/**
 * Follows a deployment until it reaches a final state, printing each wave's progress, its gate
 * results and the timeline as they change. Ctrl-C stops watching only: the deployment runs on in the
 * controller. Ends with the exit code of the final state (docs/cli.md): thrown as a CliError unless completed.
 */
export async function watchDeployment(client: ApiClient, terminal: Terminal, initial: DeploymentView, intervalMs: number): Promise<void> {
  const shown = new Set<string>();
  const say = (key: string, line: string) => {
    if (shown.has(key)) return;
    shown.add(key);
    if (!terminal.json) terminal.out(`${line}\n`);
  };
  const { interrupted, dispose } = onInterrupt();
  try {
    for (let deployment = initial; ; ) {
      describe(deployment, say);
      if (isFinalDeploymentState(deployment.state)) return finish(terminal, deployment);
      if ((await pause(intervalMs, interrupted)) === 'interrupted') {
        if (terminal.json) printJson(terminal, deployment);
        throw new CliError(`Stopped watching. Deployment ${deployment.id} keeps running; watch it again with: edgeplane rollouts show ${deployment.id} --watch`, ExitCode.interrupted);
      }
      deployment = await client.get<DeploymentView>(`/deployments/${deployment.id}`);
    }
  } finally {
    dispose();
  }
}

function describe(deployment: DeploymentView, say: (key: string, line: string) => void): void {
  say(`state:${deployment.state}`, `Deployment ${deployment.id}: ${deployment.state}${stateHint(deployment)}`);
  for (const wave of deployment.waves) {
    const name = `wave ${wave.index + 1}/${deployment.waves.length}`;
    if (wave.state !== 'pending') say(`wave:${wave.index}:${wave.state}:${deviceCounts(wave)}`, `  ${name}: ${wave.state}${wave.bakeUntil && wave.state === 'baking' ? ` until ${wave.bakeUntil}` : ''} — ${deviceCounts(wave)}`);
    if (wave.gateEvaluation) gateLines(wave.gateEvaluation).forEach((line, index) => say(`gates:${wave.index}:${index}`, `    ${line}`));
  }
}

/** `3 devices: 2 active, 1 applying` — how far the wave's devices are. */
export function deviceCounts(wave: DeploymentWaveView): string {
  const counts = new Map<string, number>();
  for (const device of wave.devices) counts.set(device.status, (counts.get(device.status) ?? 0) + 1);
  const parts = [...counts].map(([status, count]) => `${count} ${status}`);
  return `${wave.devices.length} device${wave.devices.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

export function gateLines(evaluation: GateEvaluation): string[] {
  return [
    `gates ${evaluation.passed ? 'passed' : 'FAILED'}`,
    ...evaluation.gates.map(
      (gate) => `${gate.verdict === 'passed' ? 'ok  ' : 'FAIL'} ${gate.gate}: measured ${gate.measured === null ? 'nothing' : figure(gate.measured)} (threshold ${gate.threshold})${gate.note ? ` — ${gate.note}` : ''}`,
    ),
  ];
}

/** A measured figure as a person reads it: 7.463444236137893 ms p95 is 7.46 (--json keeps every digit). */
function figure(value: number): string {
  return String(Number(value.toFixed(2)));
}

function stateHint(deployment: DeploymentView): string {
  if (deployment.state === 'paused') return ` — waiting for an operator: edgeplane rollouts resume|abort ${deployment.id}`;
  return '';
}

function finish(terminal: Terminal, deployment: DeploymentView): void {
  if (terminal.json) printJson(terminal, deployment);
  const exit = finalExitCode(deployment);
  if (exit === ExitCode.ok) return;
  const skipped = deployment.devices.skipped ? `; ${deployment.devices.skipped} device(s) were skipped` : '';
  throw new CliError(`Deployment ${deployment.id} ended ${deployment.state}${skipped}; \`edgeplane rollouts show ${deployment.id}\` has its timeline`, exit);
}

/** completed → 0; rolled back by an operator's abort → 6, by its gates → 7; superseded → 1. */
export function finalExitCode(deployment: DeploymentView): ExitCode {
  switch (deployment.state) {
    case 'completed':
      return ExitCode.ok;
    case 'aborted':
      return ExitCode.aborted;
    case 'rolled_back':
      return deployment.timeline.some((event) => event.type === 'aborted') ? ExitCode.aborted : ExitCode.rolledBack;
    default:
      return ExitCode.failed;
  }
}
