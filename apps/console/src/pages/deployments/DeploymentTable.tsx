import { Link } from 'react-router';
import type { DeploymentSummaryView } from '../../api/views';
import { RelativeTime } from '../../components/RelativeTime';
import { StatusBadge } from '../../components/StatusBadge';
import { shortId } from './deployment-rules';

/** Deployments in a table, each linking to its page by its short id. */
export function DeploymentTable({ items }: { items: DeploymentSummaryView[] }) {
  return (
    <table>
      <caption className="visually-hidden">Deployments, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Deployment</th>
          <th scope="col">Model</th>
          <th scope="col">State</th>
          <th scope="col" className="number">
            Targeted
          </th>
          <th scope="col" className="number">
            Deployable
          </th>
          <th scope="col" className="number">
            Skipped
          </th>
          <th scope="col">Created by (key)</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} data-deployment={item.id}>
            <th scope="row">
              <Link to={`/deployments/${item.id}`} aria-label={`Deployment ${shortId(item.id)} of ${item.model.name}@${item.model.version}`}>
                <code>{shortId(item.id)}</code>
              </Link>
            </th>
            <td>
              {item.model.name}@{item.model.version}
            </td>
            <td>
              <StatusBadge status={item.state} />
            </td>
            <td className="number">{item.devices.targeted}</td>
            <td className="number">{item.devices.deployable}</td>
            <td className="number">{item.devices.skipped}</td>
            <td>{item.createdBy ? <code title={item.createdBy}>{shortId(item.createdBy)}</code> : '—'}</td>
            <td>
              <RelativeTime iso={item.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
