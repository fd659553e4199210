import { Link } from 'react-router';
import type { DeploymentView } from '../../api/views';
import { formatDuration } from '../../components/format';
import { RelativeTime } from '../../components/RelativeTime';
import { StatusBadge } from '../../components/StatusBadge';
import { describeActor } from './timeline-text';

/** What, where, who and when: the head of a deployment's page. */
export function DeploymentFacts({ deployment }: { deployment: DeploymentView }) {
  const created = deployment.timeline.find((event) => event.type === 'created');
  const { targeted, deployable, skipped } = deployment.devices;
  return (
    <dl className="facts deployment-facts">
      <dt>State</dt>
      <dd>
        <StatusBadge status={deployment.state} />
      </dd>
      <dt>Model</dt>
      <dd>
        {deployment.model.name}@{deployment.model.version}
      </dd>
      <dt>Target</dt>
      <dd>{describeTarget(deployment.target)}</dd>
      <dt>Devices</dt>
      <dd>
        {targeted} targeted, {deployable} deployable, {skipped} skipped
      </dd>
      <dt>Created</dt>
      <dd>
        <RelativeTime iso={deployment.createdAt} /> by {created ? describeActor(created) : (deployment.createdBy ?? '—')}
      </dd>
      <dt>Started</dt>
      <dd>
        <RelativeTime iso={deployment.startedAt} />
      </dd>
      <dt>Finished</dt>
      <dd>
        <RelativeTime iso={deployment.finishedAt} />
      </dd>
      <dt>On a failed gate</dt>
      <dd>{deployment.autoRollback ? 'roll back by itself' : 'pause for an operator'}</dd>
      <dt>Deadline</dt>
      <dd>{formatDuration(deployment.deadlineSeconds)} after the start</dd>
      {deployment.supersededBy && (
        <>
          <dt>Superseded by</dt>
          <dd>
            <Link to={`/deployments/${deployment.supersededBy}`}>{deployment.supersededBy}</Link>
          </dd>
        </>
      )}
    </dl>
  );
}

function describeTarget(target: DeploymentView['target']): string {
  const parts = [
    target.selector && `labels ${target.selector}`,
    target.hardwareProfiles && `profiles ${target.hardwareProfiles.join(', ')}`,
    target.deviceIds && `${target.deviceIds.length} listed device(s)`,
  ];
  return parts.filter(Boolean).join(' and ') || '—';
}
