import { Link } from 'react-router';
import type { DeviceView } from '../../api/views';
import { RelativeTime } from '../../components/RelativeTime';
import { StatusBadge } from '../../components/StatusBadge';
import { formatLabels } from '../devices/labels';

/** Devices as rows, each linking to its page. */
export function DeviceTable({ devices }: { devices: DeviceView[] }) {
  if (devices.length === 0) return <p className="empty">No device matches.</p>;
  return (
    <table>
      <caption className="visually-hidden">Devices</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Status</th>
          <th scope="col">Hardware profile</th>
          <th scope="col">Labels</th>
          <th scope="col">Last seen</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((device) => (
          <tr key={device.id}>
            <th scope="row">
              <Link to={`/devices/${device.id}`}>{device.name}</Link>
            </th>
            <td>
              <StatusBadge status={device.status} />
            </td>
            <td>{device.hardwareProfile}</td>
            <td>{formatLabels(device.labels, ', ') || '—'}</td>
            <td>
              <RelativeTime iso={device.lastSeenAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
