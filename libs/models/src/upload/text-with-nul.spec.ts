import fc from 'fast-check';
import { findTextWithNul } from './text-with-nul';

describe('findTextWithNul', () => {
  it('names the path of a NUL in a value or a key, nested in objects and arrays', () => {
    expect(findTextWithNul({ producer: 'ok', inputs: [{ name: 'x' }, { name: 'y\0' }] })).toEqual({ path: 'inputs[1].name', text: 'y\0' });
    expect(findTextWithNul({ operators: { 'Add\0': 1 } })).toEqual({ path: 'operators.Add\0', text: 'Add\0' });
    expect(findTextWithNul({ producer: 'pytorch', operators: { Add: 2 }, inputs: [{ shape: [1, 'batch'] }] })).toBeNull();
  });

  it('finds a NUL exactly when JSON text of the value holds one, at any depth', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => (findTextWithNul(value) !== null) === JSON.stringify(value).includes('\\u0000')),
      { seed: 20261129, numRuns: 500 },
    );
    const deep = JSON.parse(`${'['.repeat(100_000)}"\\u0000"${']'.repeat(100_000)}`);
    expect(findTextWithNul(deep)?.text).toBe('\0');
  });
});
