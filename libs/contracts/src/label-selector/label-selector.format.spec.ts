import { LabelSelector } from './label-selector';
import { canonicalLabelSelector, formatLabelSelector } from './label-selector.format';
import { parseLabelSelector } from './label-selector.parser';

describe('formatLabelSelector', () => {
  const sut = formatLabelSelector;

  it('formats the empty selector as the empty string', () => {
    expect(sut([])).toBe('');
  });

  it.each<[LabelSelector, string]>([
    [[{ key: 'site', operator: 'eq', values: ['berlin'] }], 'site=berlin'],
    [[{ key: 'site', operator: 'eq', values: [''] }], 'site='],
    [[{ key: 'tier', operator: 'neq', values: ['canary'] }], 'tier!=canary'],
    [[{ key: 'env', operator: 'in', values: ['prod', 'staging'] }], 'env in (prod,staging)'],
    [[{ key: 'env', operator: 'notin', values: ['dev'] }], 'env notin (dev)'],
    [[{ key: 'env', operator: 'in', values: [''] }], 'env in ()'],
    [[{ key: 'env', operator: 'in', values: ['', 'a'] }], 'env in (,a)'],
    [[{ key: 'gpu', operator: 'exists', values: [] }], 'gpu'],
    [[{ key: 'legacy', operator: 'notexists', values: [] }], '!legacy'],
  ])('formats %j as %j', (selector, text) => {
    expect(sut(selector)).toBe(text);
  });

  it('orders requirements by key and set values alphabetically, dropping duplicates', () => {
    const selector: LabelSelector = [
      { key: 'tier', operator: 'notin', values: ['b', 'a', 'b'] },
      { key: 'app.kubernetes.io/name', operator: 'eq', values: ['cam'] },
      { key: 'Zone', operator: 'exists', values: [] },
    ];

    expect(sut(selector)).toBe('Zone,app.kubernetes.io/name=cam,tier notin (a,b)');
  });

  it('keeps requirements on the same key in their given order', () => {
    const selector: LabelSelector = [
      { key: 'b', operator: 'exists', values: [] },
      { key: 'a', operator: 'neq', values: ['2'] },
      { key: 'a', operator: 'neq', values: ['1'] },
    ];

    expect(sut(selector)).toBe('a!=2,a!=1,b');
  });

  it.each([
    ['site=berlin,tier!=canary,gpu', 'gpu,site=berlin,tier!=canary'],
    ['env in (prod,staging)', 'env in (prod,staging)'],
    ['!legacy', '!legacy'],
    ['app.kubernetes.io/name = edge-cam', 'app.kubernetes.io/name=edge-cam'],
    [' env notin (dev) , gpu ', 'env notin (dev),gpu'],
    ['a==1,a!=,x in (c, b,,b)', 'a=1,a!=,x in (,b,c)'],
    ['in in (notin,in),notin=in', 'in in (in,notin),notin=in'],
    ['x notin ( ),!y', 'x notin (),!y'],
  ])('round-trips %j through its canonical text %j', (input, canonical) => {
    const parsed = parseLabelSelector(input);

    expect(sut(parsed)).toBe(canonical);
    expect(parseLabelSelector(sut(parsed))).toEqual(parsed);
  });
});

describe('canonicalLabelSelector', () => {
  const sut = canonicalLabelSelector;

  it('returns fresh requirements and leaves its argument untouched', () => {
    const values = ['b', 'a'];
    const selector: LabelSelector = [{ key: 'x', operator: 'in', values }];

    const canonical = sut(selector);

    expect(canonical).toEqual([{ key: 'x', operator: 'in', values: ['a', 'b'] }]);
    expect(values).toEqual(['b', 'a']);
    expect(canonical[0]).not.toBe(selector[0]);
  });
});
