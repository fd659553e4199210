import { RolloutJobName } from '@edgeplane/contracts';

/** A wave as stored, as far as resuming needs it. */
export interface StoredWave {
  index: number;
  state: string;
  bakeUntil: Date | null;
}

/** The step to queue for a running deployment, and when it is due. */
export interface ResumeStep {
  name: RolloutJobName;
  waveIndex: number;
  at: Date;
}

/**
 * The step a running deployment's stored state calls for: its first wave that has not passed decides
 * (pending → start, applying → check, baking → bake done at its stored end); when all passed, the last
 * wave's bake-done step, which completes the deployment. Null when there is nothing to queue.
 */
export function stepToResume(waves: readonly StoredWave[], now: Date): ResumeStep | null {
  const current = waves.find(({ state }) => state !== 'passed');
  if (!current) {
    const last = waves[waves.length - 1];
    return last ? { name: RolloutJobName.WaveBakeDone, waveIndex: last.index, at: now } : null;
  }
  switch (current.state) {
    case 'pending':
      return { name: RolloutJobName.WaveStart, waveIndex: current.index, at: now };
    case 'applying':
      return { name: RolloutJobName.WaveCheck, waveIndex: current.index, at: now };
    case 'baking':
      return { name: RolloutJobName.WaveBakeDone, waveIndex: current.index, at: current.bakeUntil ?? now };
    default:
      // A wave fails in the same transaction that takes the deployment out of `running` (rolling back
      // or paused), so a running deployment's failed wave is not something to resume.
      return null;
  }
}
