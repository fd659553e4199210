import { Link } from 'react-router';
import { SLOW_REFRESH_MS, useApiQuery } from '../../api/hooks';
import type { DeviceDeploymentView, StatusEventView } from '../../api/views';
import { Section } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { RelativeTime } from '../../components/RelativeTime';
import { StatusBadge } from '../../components/StatusBadge';

/** Why a device went online or offline, in words (libs/fleet's presence causes). */
const CAUSES: Record<string, string> = {
  connect: 'connected',
  will: 'connection lost (last will)',
  shutdown: 'agent shut down',
  heartbeat_timeout: 'went silent',
  heard: 'heard from again',
};

/** What happened to the device lately: its comings and goings, and the deployments it was part of. */
export function DeviceEvents({ deviceId, statusEvents }: { deviceId: string; statusEvents: StatusEventView[] }) {
  const deployments = useApiQuery<DeviceDeploymentView[]>(`/devices/${deviceId}/deployments`, undefined, { refreshMs: SLOW_REFRESH_MS });
  return (
    <div className="device-events">
      <Section title="Online and offline" id="status-events">
        {statusEvents.length === 0 ? (
          <p className="empty">The device has never connected.</p>
        ) : (
          <ol className="event-list">
            {statusEvents.map((event) => (
              <li key={`${event.at}-${event.status}-${event.cause}`}>
                <StatusBadge status={event.status} /> {CAUSES[event.cause] ?? event.cause} · <RelativeTime iso={event.at} />
              </li>
            ))}
          </ol>
        )}
      </Section>
      <Section title="Deployments" id="device-deployments">
        <QueryState query={deployments}>{(items) => <DeploymentList items={items} />}</QueryState>
      </Section>
    </div>
  );
}

function DeploymentList({ items }: { items: DeviceDeploymentView[] }) {
  if (items.length === 0) return <p className="empty">No deployment has included this device.</p>;
  return (
    <table>
      <caption className="visually-hidden">Deployments this device was part of, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Deployment</th>
          <th scope="col">This device</th>
          <th scope="col">Wave</th>
          <th scope="col">Started</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.deploymentId}>
            <th scope="row">
              <Link to={`/deployments/${item.deploymentId}`}>
                {item.model.name} v{item.model.version}
              </Link>{' '}
              <StatusBadge status={item.deploymentState} />
            </th>
            <td>
              <StatusBadge status={item.status} />
              {(item.statusReason ?? item.skipReason) && <span className="hint"> {item.statusReason ?? item.skipReason}</span>}
            </td>
            <td>{item.waveIndex + 1}</td>
            <td>
              <RelativeTime iso={item.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
