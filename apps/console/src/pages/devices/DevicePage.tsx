import { useParams } from 'react-router';
import { LIVE_REFRESH_MS, useApiQuery } from '../../api/hooks';
import type { DeviceStateView, DeviceView } from '../../api/views';
import { Page, Section } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { AssignmentsTable } from './AssignmentsTable';
import { DeviceActions } from './DeviceActions';
import { DeviceEvents } from './DeviceEvents';
import { DeviceFacts } from './DeviceFacts';
import { DeviceTelemetry } from './DeviceTelemetry';
import '../../styles/fleet.css';

/** One device: what it is, what it serves, how fast, what happened to it; and an operator's changes. */
export function DevicePage() {
  const { id = '' } = useParams();
  const device = useApiQuery<DeviceView>(`/devices/${id}`, undefined, { refreshMs: LIVE_REFRESH_MS });
  // A retired device does not move any more: no need to keep asking.
  const live = device.data?.status === 'decommissioned' ? false : LIVE_REFRESH_MS;
  const state = useApiQuery<DeviceStateView>(device.data ? `/devices/${id}/state` : null, undefined, { refreshMs: live });
  return (
    <Page title={device.data ? `Device ${device.data.name}` : 'Device'}>
      <QueryState query={device}>
        {(view) => (
          <>
            <DeviceFacts device={view} state={state.data} />
            <DeviceActions device={view} />
            <Section title="Models" id="assignments">
              <QueryState query={state}>{(current) => <AssignmentsTable assignments={current.assignments} />}</QueryState>
            </Section>
            <DeviceTelemetry
              deviceId={view.id}
              activeVariantIds={(state.data?.assignments ?? []).flatMap((assignment) => (assignment.activeVariantId ? [assignment.activeVariantId] : []))}
            />
            <DeviceEvents deviceId={view.id} statusEvents={state.data?.recentStatusEvents ?? []} />
          </>
        )}
      </QueryState>
    </Page>
  );
}
