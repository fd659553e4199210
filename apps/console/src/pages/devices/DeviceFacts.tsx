import type { DeviceStateView, DeviceView } from '../../api/views';
import { formatBytes, formatNumber, formatPercent } from '../../components/format';
import { RelativeTime } from '../../components/RelativeTime';
import { StatusBadge } from '../../components/StatusBadge';
import { formatLabels } from './labels';

/** What the device is and where it stands: identity, presence, revisions, capabilities, health. */
export function DeviceFacts({ device, state }: { device: DeviceView; state: DeviceStateView | undefined }) {
  const capabilities = device.capabilities;
  return (
    <div className="device-facts">
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={state?.status ?? device.status} />
        </dd>
        <dt>Hardware profile</dt>
        <dd>{device.hardwareProfile}</dd>
        <dt>Labels</dt>
        <dd>{formatLabels(device.labels, ', ') || '—'}</dd>
        <dt>Last seen</dt>
        <dd>
          <RelativeTime iso={state?.lastSeenAt ?? device.lastSeenAt} />
        </dd>
        <dt>Agent version</dt>
        <dd>{device.agentVersion ?? '—'}</dd>
        <dt>Capabilities</dt>
        <dd>
          {capabilities
            ? `${capabilities.cpuArch}, ${capabilities.cpuCores} cores, ${formatBytes(capabilities.memoryBytes)} memory; ` +
              `accelerators: ${capabilities.accelerators.join(', ') || 'none'}; runtimes: ${(capabilities.executionProviders ?? []).join(', ') || '—'}`
            : 'not reported yet'}
        </dd>
        {device.decommissionedAt && (
          <>
            <dt>Decommissioned</dt>
            <dd>
              <RelativeTime iso={device.decommissionedAt} />
            </dd>
          </>
        )}
      </dl>
      {state && (
        <dl className="facts">
          <dt>Desired revision</dt>
          <dd>
            {state.desired.revision} {state.desired.revision > 0 && !state.desired.publishedAt && <span className="hint">(not yet with the broker)</span>}
          </dd>
          <dt>Applied revision</dt>
          <dd>{state.appliedRevision ?? '—'}</dd>
          <dt>Converged</dt>
          <dd>
            <StatusBadge status={state.converged ? 'converged' : 'not_converged'} />
          </dd>
          <dt>Health</dt>
          <dd>
            {state.health ? (
              <>
                CPU {formatNumber(state.health.cpuPercent, 0)} %, memory {formatBytes(state.health.memoryUsedBytes)} of {formatBytes(state.health.memoryTotalBytes)} (
                {formatPercent(state.health.memoryUsedBytes / state.health.memoryTotalBytes, 0)}), disk free {formatBytes(state.health.diskFreeBytes)}, load{' '}
                {formatNumber(state.health.load1, 2)} <span className="hint">as of <RelativeTime iso={state.health.at} /></span>
              </>
            ) : (
              'no telemetry yet'
            )}
          </dd>
        </dl>
      )}
    </div>
  );
}
