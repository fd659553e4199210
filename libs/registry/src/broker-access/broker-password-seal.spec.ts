import { BrokerPasswordSeal } from './broker-password-seal';

describe('BrokerPasswordSeal', () => {
  const sut = new BrokerPasswordSeal('controller-password-0123456789');

  it('opens what it sealed, and the sealed bytes do not contain the secret', () => {
    const sealed = sut.seal('epd_secret-token');

    expect(Buffer.from(sealed).includes('epd_secret-token')).toBe(false);
    expect(sut.open(sealed)).toBe('epd_secret-token');
  });

  it('refuses a seal made with another controller password, or altered', () => {
    const sealed = sut.seal('epd_secret-token');
    const altered = Uint8Array.from(sealed);
    altered[altered.length - 1] ^= 1;

    expect(() => new BrokerPasswordSeal('another-password-0123456789').open(sealed)).toThrow();
    expect(() => sut.open(altered)).toThrow();
  });
});
