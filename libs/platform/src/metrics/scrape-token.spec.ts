import { carriesScrapeToken } from './scrape-token';

describe('carriesScrapeToken', () => {
  const token = 'a-scrape-token-of-at-least-32-characters';

  it('accepts the token as a bearer, whatever the scheme case', () => {
    expect(carriesScrapeToken(`Bearer ${token}`, token)).toBe(true);
    expect(carriesScrapeToken(`bearer ${token}`, token)).toBe(true);
  });

  it('refuses a missing header, another scheme, a prefix of the token and a longer one', () => {
    expect(carriesScrapeToken(undefined, token)).toBe(false);
    expect(carriesScrapeToken(`Basic ${token}`, token)).toBe(false);
    expect(carriesScrapeToken(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(carriesScrapeToken(`Bearer ${token}x`, token)).toBe(false);
    expect(carriesScrapeToken('Bearer ', token)).toBe(false);
  });
});
