import { Page, Section } from '../../components/Page';
import { DeviceTable } from './DeviceTable';

/** The fleet at a glance. */
export function FleetPage() {
  return (
    <Page title="Fleet">
      <Section title="Devices" id="devices">
        <DeviceTable filter={{}} />
      </Section>
    </Page>
  );
}
