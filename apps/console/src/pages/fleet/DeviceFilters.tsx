import { useState, type FormEvent } from 'react';
import type { HardwareProfileSpec } from '../../api/views';
import { SLOW_REFRESH_MS, useApiQuery } from '../../api/hooks';
import { DEVICE_STATUS_ORDER } from './device-statuses';

export interface DeviceFilter {
  selector: string;
  status: string;
  hardwareProfile: string;
}

/**
 * Narrows the device list. The selects apply at once; the selector when submitted (Enter), since a
 * half-typed selector is always wrong. `selectorError` is the API's reason for refusing it.
 */
export function DeviceFilters({
  filter,
  onChange,
  selectorError,
}: {
  filter: DeviceFilter;
  onChange: (next: DeviceFilter) => void;
  selectorError: string | null;
}) {
  const [selector, setSelector] = useState(filter.selector);
  const profiles = useApiQuery<Array<Pick<HardwareProfileSpec, 'name'>>>('/hardware-profiles', undefined, { refreshMs: SLOW_REFRESH_MS });

  function submit(event: FormEvent) {
    event.preventDefault();
    onChange({ ...filter, selector: selector.trim() });
  }

  return (
    <form className="filters" onSubmit={submit} aria-label="Filter devices">
      <div className="filter-selector">
        <label htmlFor="device-selector">Label selector</label>
        <input
          id="device-selector"
          type="text"
          spellCheck={false}
          placeholder="site=berlin,tier!=canary"
          value={selector}
          onChange={(event) => setSelector(event.target.value)}
          aria-describedby={selectorError ? 'device-selector-hint device-selector-error' : 'device-selector-hint'}
          aria-invalid={selectorError ? true : undefined}
        />
        <p id="device-selector-hint" className="hint">
          Kubernetes syntax; press Enter to apply.
        </p>
        {selectorError && (
          <p id="device-selector-error" className="notice notice-error" role="alert">
            {selectorError}
          </p>
        )}
      </div>
      <div>
        <label htmlFor="device-status">Status</label>
        <select id="device-status" value={filter.status} onChange={(event) => onChange({ ...filter, selector: selector.trim(), status: event.target.value })}>
          <option value="">Any status</option>
          {DEVICE_STATUS_ORDER.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="device-profile">Hardware profile</label>
        <select
          id="device-profile"
          value={filter.hardwareProfile}
          onChange={(event) => onChange({ ...filter, selector: selector.trim(), hardwareProfile: event.target.value })}
        >
          <option value="">Any profile</option>
          {(profiles.data ?? []).map((profile) => (
            <option key={profile.name} value={profile.name}>
              {profile.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <button type="submit">Filter devices</button>
      </div>
    </form>
  );
}
