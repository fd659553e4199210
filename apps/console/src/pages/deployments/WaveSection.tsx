import type { DeploymentWaveView } from '../../api/views';
import { formatDuration } from '../../components/format';
import { RelativeTime } from '../../components/RelativeTime';
import { StatusBadge } from '../../components/StatusBadge';
import { BakeCountdown } from './BakeCountdown';
import { GateResults } from './GateResults';
import { WaveDevices } from './WaveDevices';

/** One wave: when it ran, its bake, its gates with their numbers, its devices. Waves are numbered from 1, as the CLI does. */
export function WaveSection({ wave, waveCount }: { wave: DeploymentWaveView; waveCount: number }) {
  const number = wave.index + 1;
  return (
    <section className="wave" aria-labelledby={`wave-${number}-heading`}>
      <h3 id={`wave-${number}-heading`}>
        Wave {number} of {waveCount} <StatusBadge status={wave.state} />
      </h3>
      <dl className="facts">
        <dt>Devices</dt>
        <dd>{wave.devices.length}</dd>
        <dt>Started</dt>
        <dd>
          <RelativeTime iso={wave.startedAt} />
        </dd>
        <dt>Bake</dt>
        <dd>
          {formatDuration(wave.bakeSeconds)}
          {wave.state === 'baking' && wave.bakeUntil && (
            <>
              {' '}
              (<BakeCountdown until={wave.bakeUntil} />)
            </>
          )}
        </dd>
        <dt>Finished</dt>
        <dd>
          <RelativeTime iso={wave.finishedAt} />
        </dd>
      </dl>
      {wave.gateEvaluation ? (
        <GateResults evaluation={wave.gateEvaluation} waveNumber={number} />
      ) : (
        <p className="hint">Gates are judged at the end of the bake.</p>
      )}
      <WaveDevices devices={wave.devices} waveNumber={number} />
    </section>
  );
}
