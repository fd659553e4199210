import { Link } from 'react-router';
import '../../styles/fleet.css';
import { LIVE_REFRESH_MS, useApiQuery } from '../../api/hooks';
import type { FleetSummaryView } from '../../api/views';
import { useSession } from '../../app/session';
import { Page, Section } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { AvailabilityChart } from './AvailabilityChart';
import { DeviceList } from './DeviceList';
import { FleetSummaryCards } from './FleetSummaryCards';
import { ProfileStatusTable } from './ProfileStatusTable';
import { OperatorOnlyNote } from '../../components/OperatorOnlyNote';

/** The fleet at a glance: how many devices, which are up, on what hardware; then the devices themselves. */
export function FleetPage() {
  const { can } = useSession();
  const summary = useApiQuery<FleetSummaryView>('/fleet/summary', undefined, { refreshMs: LIVE_REFRESH_MS });
  const actions = can('operator') ? (
    <Link className="button" to="/devices/new">
      Provision device
    </Link>
  ) : (
    <OperatorOnlyNote what="Provisioning and changing devices" />
  );
  return (
    <Page title="Fleet" actions={actions}>
      <QueryState query={summary}>
        {(view) => (
          <>
            <FleetSummaryCards summary={view} />
            <Section title="Devices by hardware profile" id="profiles">
              <ProfileStatusTable profiles={view.byProfile} />
            </Section>
          </>
        )}
      </QueryState>
      <AvailabilityChart />
      <Section title="Devices" id="devices">
        <DeviceList />
      </Section>
    </Page>
  );
}
