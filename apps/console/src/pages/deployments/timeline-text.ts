import type { DeploymentEventView, GateResult } from '../../api/views';
import { formatTime } from '../../components/format';
import { gateLine } from './gate-format';

type Details = Record<string, unknown>;

const wave = (details: Details) => (typeof details.wave === 'number' ? `Wave ${details.wave + 1}` : 'A wave');
const list = (value: unknown) => (Array.isArray(value) ? value.join(', ') : String(value ?? ''));

/** What each event of the rollout engine and the operators means (libs/persistence deployment repositories), in a sentence. */
const SENTENCES: Record<string, (details: Details) => string> = {
  created: (d) => `Created for ${d.devices} device(s), ${d.deployable} with a variant.`,
  started: (d) => `Started: ${d.waves} wave(s), deadline ${d.deadlineSeconds} s.`,
  wave_started: (d) => `${wave(d)} started: desired state written to ${d.devices} device(s).`,
  wave_baking: (d) => `${wave(d)} baking until ${formatTime(String(d.bakeUntil))}${counts(d, ['wave', 'bakeUntil'])}.`,
  gates_evaluated: (d) => `${wave(d)} gates ${d.passed ? 'passed' : 'failed'}: ${((d.gates as GateResult[] | undefined) ?? []).map((gate) => gateLine(gate).sentence).join('; ')}.`,
  wave_passed: (d) => `${wave(d)} passed.`,
  wave_failed: (d) => `${wave(d)} failed its gates: ${list(d.failedGates)}.`,
  paused: (d) => (d.failedGates ? `Paused after ${wave(d).toLowerCase()} failed ${list(d.failedGates)}; waiting for an operator.` : 'Paused.'),
  resumed: (d) => (typeof d.overriddenWave === 'number' ? `Resumed, overriding the failed gates of wave ${d.overriddenWave + 1} (${list(d.overriddenGates)}).` : 'Resumed.'),
  promoted: (d) => `${wave(d)} promoted: bake ended after ${d.bakedSeconds} s of ${d.plannedBakeSeconds} s.`,
  aborted: (d) => `Aborted while ${d.from} at ${wave(d).toLowerCase()}: rolling back.`,
  rolling_back: (d) => `Rolling back after ${wave(d).toLowerCase()} failed ${list(d.failedGates)}.`,
  rolled_back: (d) => `Rolled back${counts(d, ['wave'])}.`,
  completed: (d) => `Completed${counts(d, [])}.`,
  superseded: (d) => `Superseded by deployment ${d.by} on ${d.overlappingDevices} device(s).`,
  supersedes: (d) => `Replaces deployment ${d.deploymentId} on ${d.overlappingDevices} device(s).`,
};

/** The remaining numeric facts of an event ("2 active, 1 failed"). */
function counts(details: Details, skip: string[]): string {
  const parts = Object.entries(details)
    .filter(([name, value]) => !skip.includes(name) && typeof value === 'number')
    .map(([name, value]) => `${value} ${name.replaceAll('_', ' ')}`);
  return parts.length ? `: ${parts.join(', ')}` : '';
}

export function describeEvent(event: DeploymentEventView): string {
  const sentence = SENTENCES[event.type];
  if (sentence) return sentence(event.details);
  const facts = Object.entries(event.details).map(([name, value]) => `${name} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  return `${event.type.replaceAll('_', ' ')}${facts.length ? `: ${facts.join(', ')}` : ''}.`;
}

export function describeActor(event: DeploymentEventView): string {
  return event.actor ? (event.actor.name ?? 'a deleted API key') : 'rollout engine';
}
