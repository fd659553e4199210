import { RolloutJobName } from '@edgeplane/contracts';
import { stepToResume, StoredWave } from './resume-step';

const now = new Date('2026-11-28T12:00:00Z');
const bakeEnd = new Date('2026-11-28T12:05:00Z');
const waves = (...states: string[]): StoredWave[] => states.map((state, index) => ({ index, state, bakeUntil: state === 'baking' ? bakeEnd : null }));

describe('stepToResume', () => {
  it.each([
    [['pending', 'pending'], RolloutJobName.WaveStart, 0, now],
    [['passed', 'pending', 'pending'], RolloutJobName.WaveStart, 1, now],
    [['passed', 'applying', 'pending'], RolloutJobName.WaveCheck, 1, now],
    [['passed', 'passed', 'baking'], RolloutJobName.WaveBakeDone, 2, bakeEnd],
    [['passed', 'passed', 'passed'], RolloutJobName.WaveBakeDone, 2, now],
  ])('resumes %j with %s of wave %d', (states, name, waveIndex, at) => {
    expect(stepToResume(waves(...states), now)).toEqual({ name, waveIndex, at });
  });

  it('queues no wave step after a failed wave (the rollback step is resumed separately)', () => {
    expect(stepToResume(waves('passed', 'failed'), now)).toBeNull();
  });
});
