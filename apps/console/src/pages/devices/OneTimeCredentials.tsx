import { useEffect, useRef, useState } from 'react';
import type { DeviceCredentialsView } from '../../api/views';

/**
 * A device's new secret, shown this once: Edgeplane keeps only its hash. The block takes focus so
 * that a screen reader announces it, and offers the agent's settings to copy in one go.
 */
export function OneTimeCredentials({ credentials }: { credentials: DeviceCredentialsView }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => heading.current?.focus(), []);

  // The broker is the controller's host on MQTT's port unless the site says otherwise (MQTT_URL).
  const brokerHint = `mqtt://${window.location.hostname}:1883`;
  const agentSettings = [
    `EDGEPLANE_AGENT_CONTROLLER_URL=${window.location.origin}`,
    `EDGEPLANE_AGENT_BROKER_URL=${brokerHint}`,
    `EDGEPLANE_AGENT_DEVICE_ID=${credentials.username}`,
    `EDGEPLANE_AGENT_DEVICE_SECRET=${credentials.secret}`,
  ].join('\n');

  async function copy() {
    try {
      await navigator.clipboard.writeText(agentSettings);
      setCopied('Copied the agent settings to the clipboard.');
    } catch {
      setCopied('The browser refused the clipboard: select the settings and copy them by hand.');
    }
  }

  return (
    <section className="one-time-credentials" aria-labelledby="credentials-heading">
      <h2 id="credentials-heading" tabIndex={-1} ref={heading}>
        Device credentials
      </h2>
      <p className="notice notice-warning">
        <strong>Shown only now.</strong> Store the secret on the device before leaving this page: Edgeplane keeps only its hash and
        cannot show it again (re-issue credentials if it is lost).
      </p>
      <dl className="facts">
        <dt>Username (device id)</dt>
        <dd className="secret">{credentials.username}</dd>
        <dt>Secret</dt>
        <dd className="secret" data-testid="device-secret">
          {credentials.secret}
        </dd>
        <dt>MQTT broker</dt>
        <dd>
          <code>{brokerHint}</code> <span className="hint">(the controller's MQTT_URL, as the devices reach it)</span>
        </dd>
      </dl>
      <label htmlFor="agent-settings">Edge agent settings</label>
      <textarea id="agent-settings" readOnly rows={4} value={agentSettings} className="secret" />
      <div className="actions-row">
        <button type="button" onClick={() => void copy()}>
          Copy agent settings
        </button>
        <span role="status">{copied}</span>
      </div>
    </section>
  );
}
