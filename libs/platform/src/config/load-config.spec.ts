import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config';
import { trustProxySetting } from './trust-proxy';

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const sut = loadConfig({});

    expect(sut.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/edgeplane');
    expect(sut.EDGEPLANE_HTTP_PORT).toBe(8080);
    expect(sut.EDGEPLANE_BOOTSTRAP_ADMIN_KEY).toBeUndefined();
  });

  it('converts numbers and keeps given values', () => {
    const sut = loadConfig({ EDGEPLANE_HTTP_PORT: '9090', REDIS_URL: 'redis://cache:6380' });

    expect(sut.EDGEPLANE_HTTP_PORT).toBe(9090);
    expect(sut.REDIS_URL).toBe('redis://cache:6380');
  });

  it('names every bad variable with its value and the reason', () => {
    const attempt = () =>
      loadConfig({ EDGEPLANE_HTTP_PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });

    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.find((p) => p.startsWith('EDGEPLANE_HTTP_PORT="eighty"'))).toContain('integer');
      expect(problems.find((p) => p.startsWith('DATABASE_URL="mysql://x"'))).toContain('URL');
      expect(problems.find((p) => p.startsWith('LOG_LEVEL="loud"'))).toContain('one of');
    }
  });

  it('refuses a bootstrap admin key that is too weak to be a secret', () => {
    expect(() => loadConfig({ EDGEPLANE_BOOTSTRAP_ADMIN_KEY: 'epk_short' })).toThrow(
      /EDGEPLANE_BOOTSTRAP_ADMIN_KEY="epk_short": must look like epk_/,
    );
  });

  it('reads the trusted proxies as Express takes them, and refuses what is not an address', () => {
    expect(trustProxySetting(loadConfig({}).EDGEPLANE_TRUST_PROXY)).toBe(false);
    expect(trustProxySetting(loadConfig({ EDGEPLANE_TRUST_PROXY: '2' }).EDGEPLANE_TRUST_PROXY)).toBe(2);
    expect(trustProxySetting(loadConfig({ EDGEPLANE_TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8' }).EDGEPLANE_TRUST_PROXY)).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    expect(() => loadConfig({ EDGEPLANE_TRUST_PROXY: 'lb.internal' })).toThrow(/EDGEPLANE_TRUST_PROXY="lb.internal": must be true, false/);
    expect(() => loadConfig({ EDGEPLANE_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/EDGEPLANE_TRUST_PROXY/);
  });

  it('refuses a rate limit that is not a positive number of requests', () => {
    expect(loadConfig({}).EDGEPLANE_RATE_LIMIT_PER_KEY).toBe(3000);
    const attempt = () => loadConfig({ EDGEPLANE_RATE_LIMIT_PER_KEY: '0', EDGEPLANE_RATE_LIMIT_WINDOW_SECONDS: 'minute' });

    expect(attempt).toThrow(/EDGEPLANE_RATE_LIMIT_PER_KEY="0": must not be less than 1/);
    expect(attempt).toThrow(/EDGEPLANE_RATE_LIMIT_WINDOW_SECONDS="minute": .*must be an integer/);
  });

  it('reads TLS files at start and names what is wrong with each: unreadable, not PEM, half a pair, a plain URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgeplane-config-'));
    const cert = join(dir, 'server.pem');
    const key = join(dir, 'server.key');
    writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(key, '-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n');
    expect(loadConfig({ EDGEPLANE_HTTP_TLS_CERT_FILE: cert, EDGEPLANE_HTTP_TLS_KEY_FILE: key }).EDGEPLANE_HTTP_TLS_CERT_FILE).toBe(cert);

    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
      }
      return [];
    };
    expect(problems({ EDGEPLANE_HTTP_TLS_CERT_FILE: cert })).toEqual(['EDGEPLANE_HTTP_TLS_CERT_FILE and EDGEPLANE_HTTP_TLS_KEY_FILE go together: set both or neither']);
    expect(problems({ EDGEPLANE_HTTP_TLS_CERT_FILE: key, EDGEPLANE_HTTP_TLS_KEY_FILE: join(dir, 'missing.key') })).toEqual([
      expect.stringMatching(/^EDGEPLANE_HTTP_TLS_CERT_FILE=".*server.key": no PEM CERTIFICATE in it/),
      expect.stringMatching(/^EDGEPLANE_HTTP_TLS_KEY_FILE=".*missing.key": cannot read it \(ENOENT\)/),
    ]);
    expect(problems({ EDGEPLANE_MQTT_CA_FILE: cert, MQTT_URL: 'mqtt://broker.site:1883' })).toEqual([
      'MQTT_URL="mqtt://broker.site:1883": broker TLS files are set, so the URL must be mqtts:// or wss://',
    ]);
  });
});

describe('loadConfig: the broker identity', () => {
  it('keeps the anonymous development broker by default', () => {
    const sut = loadConfig({});

    expect(sut.EDGEPLANE_MQTT_AUTHORIZATION).toBe('none');
    expect(sut.EDGEPLANE_MQTT_USERNAME).toBeUndefined();
  });

  it('requires the controller credentials for mosquitto-dynsec', () => {
    expect(() => loadConfig({ EDGEPLANE_MQTT_AUTHORIZATION: 'mosquitto-dynsec' })).toThrow(
      /EDGEPLANE_MQTT_USERNAME=undefined: .*is required when EDGEPLANE_MQTT_AUTHORIZATION is not none[\s\S]*EDGEPLANE_MQTT_PASSWORD=undefined: .*is required/,
    );
  });

  it('refuses an unknown mode and a short password without repeating the password', () => {
    const attempt = () => loadConfig({ EDGEPLANE_MQTT_AUTHORIZATION: 'acl-file', EDGEPLANE_MQTT_USERNAME: 'controller', EDGEPLANE_MQTT_PASSWORD: 'hunter2' });

    expect(attempt).toThrow(/EDGEPLANE_MQTT_AUTHORIZATION="acl-file": must be one of/);
    expect(attempt).toThrow(/EDGEPLANE_MQTT_PASSWORD="\(hidden\)": must be at least 16 characters/);
    expect(attempt).not.toThrow(/hunter2/);
  });

  it('accepts the controller credentials for mosquitto-dynsec', () => {
    const sut = loadConfig({ EDGEPLANE_MQTT_AUTHORIZATION: 'mosquitto-dynsec', EDGEPLANE_MQTT_USERNAME: 'edgeplane-controller', EDGEPLANE_MQTT_PASSWORD: 'a-long-enough-password' });

    expect(sut.EDGEPLANE_MQTT_AUTHORIZATION).toBe('mosquitto-dynsec');
    expect(sut.EDGEPLANE_MQTT_USERNAME).toBe('edgeplane-controller');
  });
});

describe('loadConfig, signing keys', () => {
  it('refuses an active signing key id that cannot name a key file', () => {
    expect(() => loadConfig({ EDGEPLANE_SIGNING_KEY_ID: '../etc/passwd' })).toThrow(/EDGEPLANE_SIGNING_KEY_ID="..\/etc\/passwd": must be a key id/);
    expect(loadConfig({ EDGEPLANE_SIGNING_KEY_ID: 'edgeplane-2027.1' }).EDGEPLANE_SIGNING_KEY_ID).toBe('edgeplane-2027.1');
  });
});

describe('loadConfig, metrics', () => {
  it('leaves metrics off by default', () => {
    const sut = loadConfig({});

    expect(sut.EDGEPLANE_METRICS_TOKEN).toBeUndefined();
    expect(sut.EDGEPLANE_COMPILER_METRICS_PORT).toBeUndefined();
  });

  it('refuses a short scrape token without repeating it, and a compiler metrics port without a token', () => {
    expect(() => loadConfig({ EDGEPLANE_METRICS_TOKEN: 'short-token' })).toThrow(/EDGEPLANE_METRICS_TOKEN="\(hidden\)": must be at least 32 characters/);
    expect(() => loadConfig({ EDGEPLANE_METRICS_TOKEN: 'short-token' })).not.toThrow(/short-token/);
    expect(() => loadConfig({ EDGEPLANE_COMPILER_METRICS_PORT: '9464' })).toThrow(/EDGEPLANE_METRICS_TOKEN=undefined: .*is required when EDGEPLANE_COMPILER_METRICS_PORT is set/);
    expect(() => loadConfig({ EDGEPLANE_COMPILER_METRICS_PORT: '70000', EDGEPLANE_METRICS_TOKEN: 'x'.repeat(32) })).toThrow(/EDGEPLANE_COMPILER_METRICS_PORT="70000"/);
  });

  it('takes a scrape token and a compiler metrics port', () => {
    const sut = loadConfig({ EDGEPLANE_METRICS_TOKEN: 'x'.repeat(32), EDGEPLANE_COMPILER_METRICS_PORT: '9464' });

    expect(sut.EDGEPLANE_METRICS_TOKEN).toBe('x'.repeat(32));
    expect(sut.EDGEPLANE_COMPILER_METRICS_PORT).toBe(9464);
  });
});
