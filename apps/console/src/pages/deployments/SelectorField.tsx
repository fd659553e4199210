import { useEffect, useState } from 'react';
import type { DeviceView, Page as ResultPage } from '../../api/views';
import { useApiQuery } from '../../api/hooks';

/** The preview counts one page of GET /devices: enough to tell a canary from a fleet. */
const PREVIEW_LIMIT = 500;
/** Ask once typing pauses, not on every key. */
const PREVIEW_DELAY_MS = 300;

/**
 * The target's label selector, with how many devices it matches now (GET /devices?selector=, the
 * same syntax the deployment uses). A selector the API cannot parse shows its message under the field.
 */
export function SelectorField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [settled, setSettled] = useState(value.trim());
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value.trim()), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value]);
  const preview = useApiQuery<ResultPage<DeviceView>>(settled ? '/devices' : null, { selector: settled, limit: PREVIEW_LIMIT });

  return (
    <div className="field">
      <label htmlFor="selector">Target: label selector</label>
      <input
        id="selector"
        name="selector"
        value={value}
        spellCheck={false}
        placeholder="site=berlin,tier!=canary"
        onChange={(event) => onChange(event.target.value)}
        aria-describedby="selector-hint selector-preview"
        aria-invalid={preview.isError ? true : undefined}
      />
      <p id="selector-hint" className="hint">
        Devices whose labels match, e.g. <code>site=berlin</code>, <code>env in (prod,staging)</code>. Decommissioned devices never match.
      </p>
      <div id="selector-preview">
        {preview.isError ? (
          <p className="notice notice-error" role="alert">
            {preview.error.message}
          </p>
        ) : (
          <p className="hint" role="status">
            {matchText(settled, preview.data)}
          </p>
        )}
      </div>
    </div>
  );
}

function matchText(selector: string, page: ResultPage<DeviceView> | undefined): string {
  if (!selector) return 'Enter a selector to see which devices it matches.';
  if (!page) return 'Counting matching devices…';
  // A deployment never targets decommissioned devices; the device list still shows them.
  const matching = page.items.filter((device) => device.status !== 'decommissioned').length;
  const count = page.nextCursor ? `at least ${matching}` : String(matching);
  return `Matches ${count} device${matching === 1 ? '' : 's'} now.`;
}
