import type { GateEvaluation } from '../../api/views';
import { formatTime } from '../../components/format';
import { StatusBadge } from '../../components/StatusBadge';
import { describeSamples, gateLine } from './gate-format';

/** A wave's gate evaluation: each gate's measured value against its threshold, and the verdict. */
export function GateResults({ evaluation, waveNumber }: { evaluation: GateEvaluation; waveNumber: number }) {
  return (
    <table className="gate-results">
      <caption>
        Gates of wave {waveNumber}: <StatusBadge status={evaluation.passed ? 'passed' : 'failed'} />{' '}
        <span className="hint">
          telemetry from {formatTime(evaluation.window.from)} to {formatTime(evaluation.window.to)}
        </span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Gate</th>
          <th scope="col" className="number">
            Measured
          </th>
          <th scope="col">Threshold</th>
          <th scope="col">Verdict</th>
          <th scope="col">Measured on</th>
        </tr>
      </thead>
      <tbody>
        {evaluation.gates.map((result) => {
          const line = gateLine(result);
          return (
            <tr key={result.gate} data-gate={result.gate}>
              <th scope="row">{line.label}</th>
              <td className="number">{line.measured}</td>
              <td>{line.threshold}</td>
              <td>
                <StatusBadge status={result.verdict} />
              </td>
              <td>{[describeSamples(result.samples), result.note].filter(Boolean).join('; ') || '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
