import { DEVICE_STATUS_ORDER } from './device-statuses';
import type { FleetProfileSummary } from '../../api/views';
import { formatNumber } from '../../components/format';

/** Devices by hardware profile (rows) and status (columns). */
export function ProfileStatusTable({ profiles }: { profiles: FleetProfileSummary[] }) {
  return (
    <table>
      <caption className="visually-hidden">Devices by hardware profile and status</caption>
      <thead>
        <tr>
          <th scope="col">Hardware profile</th>
          <th scope="col">Class</th>
          {DEVICE_STATUS_ORDER.map((status) => (
            <th scope="col" className="number" key={status}>
              {status}
            </th>
          ))}
          <th scope="col" className="number">
            In service
          </th>
        </tr>
      </thead>
      <tbody>
        {profiles.map((row) => (
          <tr key={row.profile}>
            <th scope="row">{row.profile}</th>
            <td>{row.hardwareClass}</td>
            {DEVICE_STATUS_ORDER.map((status) => (
              <td className="number" key={status}>
                {formatNumber(row.byStatus[status])}
              </td>
            ))}
            <td className="number">{formatNumber(row.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
