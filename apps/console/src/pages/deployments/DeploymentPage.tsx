import { Link, useParams } from 'react-router';
import type { DeploymentView } from '../../api/views';
import { LIVE_REFRESH_MS, useApiQuery } from '../../api/hooks';
import { Page, Section } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { DeploymentActions } from './DeploymentActions';
import { DeploymentFacts } from './DeploymentFacts';
import { DeploymentTimeline } from './DeploymentTimeline';
import { isFinalDeploymentState } from '@edgeplane/contracts/rollouts';
import { WaveSection } from './WaveSection';
import '../../styles/deployments.css';

/** One deployment, live until it reaches a final state: its waves, gates with their numbers, devices and timeline. */
export function DeploymentPage() {
  const { id = '' } = useParams();
  const deployment = useApiQuery<DeploymentView>(`/deployments/${encodeURIComponent(id)}`, undefined, {
    refreshMs: (data) => (data && isFinalDeploymentState(data.state) ? false : LIVE_REFRESH_MS),
  });
  return (
    <QueryState query={deployment}>
      {(data) => <DeploymentDetail deployment={data} />}
    </QueryState>
  );
}

function DeploymentDetail({ deployment }: { deployment: DeploymentView }) {
  return (
    <Page title={`Deployment of ${deployment.model.name}@${deployment.model.version}`} actions={<Link to="/deployments">All deployments</Link>}>
      <DeploymentFacts deployment={deployment} />
      <DeploymentActions deployment={deployment} />
      <Section title="Waves" id="waves">
        {deployment.waves.map((wave) => (
          <WaveSection key={wave.index} wave={wave} waveCount={deployment.waves.length} />
        ))}
      </Section>
      <Section title="Timeline" id="timeline">
        <DeploymentTimeline events={deployment.timeline} />
      </Section>
    </Page>
  );
}
