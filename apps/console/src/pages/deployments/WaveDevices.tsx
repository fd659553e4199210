import { Link } from 'react-router';
import type { DeploymentDeviceView } from '../../api/views';
import { StatusBadge } from '../../components/StatusBadge';

/** The devices of one wave: which variant each got and where it is, with the reason when it is not fine. */
export function WaveDevices({ devices, waveNumber }: { devices: DeploymentDeviceView[]; waveNumber: number }) {
  if (devices.length === 0) return <p className="empty">No device in this wave.</p>;
  return (
    <table>
      <caption className="visually-hidden">Devices of wave {waveNumber}</caption>
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Hardware profile</th>
          <th scope="col">Variant built for</th>
          <th scope="col">Status</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((device) => (
          <tr key={device.deviceId} data-device={device.deviceId}>
            <th scope="row">
              <Link to={`/devices/${device.deviceId}`}>{device.deviceName}</Link>
            </th>
            <td>{device.hardwareProfile}</td>
            <td>{device.variantProfile ?? '—'}</td>
            <td>
              <StatusBadge status={device.status} />
            </td>
            <td>{device.skipReason ?? device.statusReason ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
