import { useApiMutation } from '../../api/hooks';
import type { DeviceCredentialsView, DeviceView } from '../../api/views';
import { useSession } from '../../app/session';
import { ConfirmStep } from '../../components/ConfirmStep';
import { Section } from '../../components/Page';
import { LabelEditor } from './LabelEditor';
import { OneTimeCredentials } from './OneTimeCredentials';
import { OperatorOnlyNote } from '../../components/OperatorOnlyNote';

/** An operator's changes to a device: labels, new credentials, retirement. Viewers get a note instead. */
export function DeviceActions({ device }: { device: DeviceView }) {
  const { api, can } = useSession();
  const invalidates = [`/devices/${device.id}`, '/devices', '/fleet'];
  const reissue = useApiMutation(() => api.post<DeviceCredentialsView>(`/devices/${device.id}/credentials`), invalidates);
  const decommission = useApiMutation(() => api.post<DeviceView>(`/devices/${device.id}/decommission`), invalidates);

  if (!can('operator')) {
    return <OperatorOnlyNote what="Changing labels, credentials or decommissioning" />;
  }
  if (device.status === 'decommissioned') {
    return <p className="hint">This device is decommissioned: its credentials are revoked and it is kept for its history.</p>;
  }
  return (
    <Section title="Change this device" id="device-actions">
      <div className="device-actions">
        <LabelEditor device={device} />
        <ConfirmStep
          action="Re-issue credentials"
          confirm="Yes, re-issue credentials"
          question={<>The current secret of {device.name} stops working at once; the device stays offline until it has the new one.</>}
          busy={reissue.isPending}
          onConfirm={() => reissue.mutate(undefined)}
        />
        <ConfirmStep
          action="Decommission device"
          confirm={`Yes, decommission ${device.name}`}
          question={<>{device.name} loses its credentials for good and can no longer connect; its record and history are kept.</>}
          busy={decommission.isPending}
          onConfirm={() => decommission.mutate(undefined)}
        />
      </div>
      {reissue.error && <p className="notice notice-error" role="alert">{reissue.error.message}</p>}
      {decommission.error && <p className="notice notice-error" role="alert">{decommission.error.message}</p>}
      {reissue.data && <OneTimeCredentials credentials={reissue.data} />}
    </Section>
  );
}
