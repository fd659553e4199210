import type { AssignmentStateView } from '../../api/views';
import { formatBytes, formatPercent } from '../../components/format';
import { RelativeTime } from '../../components/RelativeTime';
import { StatusBadge } from '../../components/StatusBadge';

/** Per model: what the device serves now, its fallback, and how far a download has come or why it failed. */
export function AssignmentsTable({ assignments }: { assignments: AssignmentStateView[] }) {
  if (assignments.length === 0) return <p className="empty">The device has reported no models.</p>;
  return (
    <table>
      <caption className="visually-hidden">Models on this device</caption>
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">State</th>
          <th scope="col">Active variant</th>
          <th scope="col">Last known good</th>
          <th scope="col">Details</th>
          <th scope="col">Reported</th>
        </tr>
      </thead>
      <tbody>
        {assignments.map((assignment) => (
          <tr key={assignment.model}>
            <th scope="row">{assignment.model}</th>
            <td>
              <StatusBadge status={assignment.state} />
            </td>
            <td>
              <code>{assignment.activeVariantId ?? '—'}</code>
            </td>
            <td>
              <code>{assignment.lastKnownGoodVariantId ?? '—'}</code>
            </td>
            <td>
              <AssignmentDetails assignment={assignment} />
            </td>
            <td>
              <RelativeTime iso={assignment.reportedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AssignmentDetails({ assignment }: { assignment: AssignmentStateView }) {
  if (assignment.state === 'failed') return <>{assignment.reason ?? 'failed without a reason'}</>;
  const download = assignment.download;
  if (assignment.state === 'downloading' && download) {
    const label = `Download of ${assignment.model}`;
    return (
      <>
        <progress aria-label={label} max={download.totalBytes} value={download.receivedBytes} />
        <span>
          {formatBytes(download.receivedBytes)} of {formatBytes(download.totalBytes)} ({formatPercent(download.totalBytes ? download.receivedBytes / download.totalBytes : 0, 0)})
        </span>
      </>
    );
  }
  return assignment.variantId !== assignment.activeVariantId ? (
    <>
      wants <code>{assignment.variantId}</code>
    </>
  ) : (
    <>—</>
  );
}
