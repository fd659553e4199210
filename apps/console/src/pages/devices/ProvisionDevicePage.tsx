import { useState, type FormEvent } from 'react';
import '../../styles/fleet.css';
import { Link } from 'react-router';
import { ApiError } from '../../api/api-error';
import { SLOW_REFRESH_MS, useApiMutation, useApiQuery } from '../../api/hooks';
import type { DeviceCredentialsView, DeviceView, HardwareProfileSpec } from '../../api/views';
import { useSession } from '../../app/session';
import { Page } from '../../components/Page';
import { parseLabels } from './labels';
import { LabelsField } from './LabelsField';
import { OneTimeCredentials } from './OneTimeCredentials';
import { OperatorOnlyNote } from '../../components/OperatorOnlyNote';

interface ProvisionedDevice {
  device: DeviceView;
  credentials: DeviceCredentialsView;
}

/**
 * Provisions a device (operators). The credentials live only in this page's memory: a reload or
 * leaving the page drops them, as the API never returns them again.
 */
export function ProvisionDevicePage() {
  const { api, can } = useSession();
  const profiles = useApiQuery<Array<Pick<HardwareProfileSpec, 'name' | 'description'>>>('/hardware-profiles', undefined, { refreshMs: SLOW_REFRESH_MS });
  const [name, setName] = useState('');
  const [profile, setProfile] = useState('');
  const [labelText, setLabelText] = useState('');
  const [labelProblem, setLabelProblem] = useState<string | null>(null);
  const provision = useApiMutation((body: { name: string; hardwareProfile: string; labels: Record<string, string> }) => api.post<ProvisionedDevice>('/devices', body), [
    '/devices',
    '/fleet',
  ]);

  if (provision.data) {
    const { device, credentials } = provision.data;
    return (
      <Page title={`Provisioned ${device.name}`}>
        <OneTimeCredentials credentials={credentials} />
        <p>
          <Link to={`/devices/${device.id}`}>Go to the page of {device.name}</Link> · <Link to="/">Back to the fleet</Link>
        </p>
      </Page>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseLabels(labelText);
    if ('problem' in parsed) {
      setLabelProblem(parsed.problem);
      return;
    }
    setLabelProblem(null);
    provision.mutate({ name: name.trim(), hardwareProfile: profile || (profiles.data?.[0]?.name ?? ''), labels: parsed.labels });
  }

  if (!can('operator')) {
    return (
      <Page title="Provision a device">
        <OperatorOnlyNote what="Provisioning" />
        <Link to="/">Back to the fleet</Link>
      </Page>
    );
  }

  const apiError = provision.error;
  const apiLabelProblem = apiError instanceof ApiError && apiError.message.startsWith('labels') ? apiError.message : null;
  const labelError = labelProblem ?? apiLabelProblem;
  return (
    <Page title="Provision a device">
      <form onSubmit={submit} noValidate>
        <label htmlFor="device-name">Name</label>
        <input id="device-name" required value={name} onChange={(event) => setName(event.target.value)} aria-describedby="device-name-hint" spellCheck={false} />
        <p id="device-name-hint" className="hint">
          Unique in the fleet: lowercase letters, digits and "-", e.g. cam-berlin-042.
        </p>
        <label htmlFor="device-hardware-profile">Hardware profile</label>
        <select id="device-hardware-profile" value={profile || (profiles.data?.[0]?.name ?? '')} onChange={(event) => setProfile(event.target.value)}>
          {(profiles.data ?? []).map((option) => (
            <option key={option.name} value={option.name}>
              {option.name} — {option.description}
            </option>
          ))}
        </select>
        <LabelsField
          id="device-labels"
          label="Labels"
          hint="key=value, one a line or separated by commas, e.g. site=berlin."
          value={labelText}
          error={labelError}
          onChange={(text) => {
            setLabelText(text);
            setLabelProblem(null);
          }}
        />
        {apiError && !apiLabelProblem && (
          <p className="notice notice-error" role="alert">
            {apiError.message}
          </p>
        )}
        <div className="actions-row">
          <button type="submit" disabled={provision.isPending}>
            {provision.isPending ? 'Provisioning…' : 'Provision device'}
          </button>
          <Link to="/">Cancel</Link>
        </div>
      </form>
    </Page>
  );
}
