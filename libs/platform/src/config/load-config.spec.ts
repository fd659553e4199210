import { ConfigError, loadConfig } from './load-config';

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
});

describe('loadConfig, signing keys', () => {
  it('refuses an active signing key id that cannot name a key file', () => {
    expect(() => loadConfig({ EDGEPLANE_SIGNING_KEY_ID: '../etc/passwd' })).toThrow(/EDGEPLANE_SIGNING_KEY_ID="..\/etc\/passwd": must be a key id/);
    expect(loadConfig({ EDGEPLANE_SIGNING_KEY_ID: 'edgeplane-2027.1' }).EDGEPLANE_SIGNING_KEY_ID).toBe('edgeplane-2027.1');
  });
});
