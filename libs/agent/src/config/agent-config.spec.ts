import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testSigningKey, writeTrustFile } from '../testing/signing-keys';
import { AgentConfigError, loadAgentConfig } from './agent-config';

const scratch = mkdtempSync(join(tmpdir(), 'agent-config-'));
const KEY = testSigningKey('edgeplane-1');
const TRUST_FILE = writeTrustFile(join(scratch, 'trusted-keys.json'), [KEY]);

const REQUIRED = {
  EDGEPLANE_AGENT_CONTROLLER_URL: 'http://controller.local:3000',
  EDGEPLANE_AGENT_BROKER_URL: 'mqtt://broker.local:1883',
  EDGEPLANE_AGENT_DEVICE_ID: '019a0000-0000-7000-8000-000000000001',
  EDGEPLANE_AGENT_DEVICE_SECRET: 's3cret',
  EDGEPLANE_AGENT_DATA_DIR: '/var/lib/edgeplane-agent',
  EDGEPLANE_AGENT_TRUSTED_KEYS_FILE: TRUST_FILE,
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadAgentConfig(env);
  } catch (error) {
    if (error instanceof AgentConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('loadAgentConfig', () => {
  it('applies the defaults: local-only API on 8470, telemetry every 10 s, a day of spool', () => {
    const sut = loadAgentConfig(REQUIRED);
    expect(sut).toMatchObject({ apiHost: '127.0.0.1', apiPort: 8470, telemetryIntervalMs: 10_000, spoolMaxMessages: 8640, logLevel: 'info' });
    expect(sut.controllerUrl.href).toBe('http://controller.local:3000/');
  });

  it('names each bad variable with the value it was given', () => {
    const problems = problemsOf({ ...REQUIRED, EDGEPLANE_AGENT_API_PORT: 'eighty', EDGEPLANE_AGENT_BROKER_URL: 'broker:1883' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('EDGEPLANE_AGENT_API_PORT="eighty"'),
        expect.stringContaining('EDGEPLANE_AGENT_BROKER_URL="broker:1883": expected an mqtt(s):// or ws(s):// URL'),
      ]),
    );
  });

  it('requires the device id and a secret', () => {
    const { EDGEPLANE_AGENT_DEVICE_ID, EDGEPLANE_AGENT_DEVICE_SECRET, ...rest } = REQUIRED;
    expect(problemsOf(rest)).toEqual(
      expect.arrayContaining(['EDGEPLANE_AGENT_DEVICE_ID is required', expect.stringContaining('EDGEPLANE_AGENT_DEVICE_SECRET (or')]),
    );
  });

  it('reads the secret from a file, without its trailing newline', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agent-config-')), 'secret');
    writeFileSync(file, 'from-file\n');
    const { EDGEPLANE_AGENT_DEVICE_SECRET, ...rest } = REQUIRED;
    expect(loadAgentConfig({ ...rest, EDGEPLANE_AGENT_DEVICE_SECRET_FILE: file }).deviceSecret).toBe('from-file');
  });

  it('reads a CA file to trust instead of the system CAs, and refuses one without a certificate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-config-'));
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a certificate');
    expect(loadAgentConfig({ ...REQUIRED, EDGEPLANE_AGENT_CA_FILE: join(dir, 'ca.pem') }).caCertificates).toContain('BEGIN CERTIFICATE');
    expect(loadAgentConfig(REQUIRED).caCertificates).toBeUndefined();
    expect(problemsOf({ ...REQUIRED, EDGEPLANE_AGENT_CA_FILE: join(dir, 'notes.txt') })).toEqual([expect.stringMatching(/^EDGEPLANE_AGENT_CA_FILE=.*no PEM certificate/)]);
    expect(problemsOf({ ...REQUIRED, EDGEPLANE_AGENT_CA_FILE: join(dir, 'missing.pem') })).toEqual([expect.stringMatching(/^EDGEPLANE_AGENT_CA_FILE=.*ENOENT/)]);
  });

  it('reads the trusted keys by id', () => {
    const trusted = loadAgentConfig(REQUIRED).trustedKeys!;
    expect([...trusted.keys()]).toEqual(['edgeplane-1']);
    expect(trusted.get('edgeplane-1')!.equals(KEY.publicKey)).toBe(true);
  });

  it('refuses to start without trusted keys unless unsigned variants are allowed explicitly', () => {
    const { EDGEPLANE_AGENT_TRUSTED_KEYS_FILE, ...rest } = REQUIRED;
    expect(problemsOf(rest)).toEqual([expect.stringMatching(/^EDGEPLANE_AGENT_TRUSTED_KEYS_FILE is required/)]);
    expect(loadAgentConfig({ ...rest, EDGEPLANE_AGENT_ALLOW_UNSIGNED: 'true' }).trustedKeys).toBeNull();
    expect(problemsOf({ ...REQUIRED, EDGEPLANE_AGENT_ALLOW_UNSIGNED: 'true' })).toEqual([expect.stringContaining('are both set: give one')]);
    expect(problemsOf({ ...REQUIRED, EDGEPLANE_AGENT_ALLOW_UNSIGNED: 'yes' })).toEqual([expect.stringContaining('EDGEPLANE_AGENT_ALLOW_UNSIGNED="yes": expected true or false')]);
  });

  it('names what is wrong in a trust file, key by key', () => {
    const file = join(scratch, 'bad-trust.json');
    writeFileSync(file, JSON.stringify({ 'Key One': KEY.publicKeyPem, 'rsa-key': 'not a pem', empty: 7 }));
    expect(problemsOf({ ...REQUIRED, EDGEPLANE_AGENT_TRUSTED_KEYS_FILE: file })).toEqual([
      expect.stringContaining('key id "Key One": expected lowercase letters'),
      expect.stringContaining('key rsa-key: not a PEM public key'),
      expect.stringContaining('key empty: expected a PEM string'),
    ]);
    writeFileSync(file, '{}');
    expect(problemsOf({ ...REQUIRED, EDGEPLANE_AGENT_TRUSTED_KEYS_FILE: file })).toEqual([expect.stringContaining('no keys')]);
    expect(problemsOf({ ...REQUIRED, EDGEPLANE_AGENT_TRUSTED_KEYS_FILE: join(scratch, 'missing.json') })).toEqual([expect.stringContaining('ENOENT')]);
  });
});
