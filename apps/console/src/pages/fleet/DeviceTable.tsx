import { Link } from 'react-router';
import type { DeviceView, Page as ResultPage } from '../../api/views';
import { LIVE_REFRESH_MS, useApiQuery } from '../../api/hooks';
import { QueryState } from '../../components/QueryState';
import { RelativeTime } from '../../components/RelativeTime';
import { StatusBadge } from '../../components/StatusBadge';

/** The devices matching a filter, 100 at a time, each linking to its page. */
export function DeviceTable({ filter }: { filter: { selector?: string; status?: string; hardwareProfile?: string } }) {
  const devices = useApiQuery<ResultPage<DeviceView>>('/devices', { ...filter, limit: 100 }, { refreshMs: LIVE_REFRESH_MS });
  return (
    <QueryState query={devices}>
      {(page) =>
        page.items.length === 0 ? (
          <p className="empty">No device matches.</p>
        ) : (
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
              {page.items.map((device) => (
                <tr key={device.id}>
                  <th scope="row">
                    <Link to={`/devices/${device.id}`}>{device.name}</Link>
                  </th>
                  <td>
                    <StatusBadge status={device.status} />
                  </td>
                  <td>{device.hardwareProfile}</td>
                  <td>
                    {Object.entries(device.labels)
                      .map(([key, value]) => `${key}=${value}`)
                      .join(', ') || '—'}
                  </td>
                  <td>
                    <RelativeTime iso={device.lastSeenAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </QueryState>
  );
}
