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
