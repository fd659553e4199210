import fc from 'fast-check';
import { RangeNotSatisfiableError, requestedRange } from './byte-range';

const ETAG = '"abc"';

describe('requestedRange', () => {
  it('answers any Range header with one range inside the file, the whole file, or 416; nothing else', () => {
    const number = fc.oneof(fc.nat(), fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String), fc.constantFrom('', '-1', '1e3', 'NaN', '0x10', ' 5'));
    const spec = fc.oneof(
      fc.tuple(number, number).map(([start, end]) => `${start}-${end}`),
      number.map((start) => `${start}-`),
      number.map((suffix) => `-${suffix}`),
      fc.string({ maxLength: 20 }),
    );
    const header = fc.tuple(fc.constantFrom('bytes', 'Bytes', 'items', ''), fc.array(spec, { minLength: 1, maxLength: 5 }), fc.constantFrom('=', ' = ', '')).map(
      ([unit, specs, equals]) => `${unit}${equals}${specs.join(',')}`,
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.oneof(header, fc.string({ maxLength: 40 })), (size, range) => {
        let answer: ReturnType<typeof requestedRange>;
        try {
          answer = requestedRange(size, range, undefined, ETAG);
        } catch (error) {
          return error instanceof RangeNotSatisfiableError;
        }
        return answer === null || (Number.isSafeInteger(answer.start) && Number.isSafeInteger(answer.end) && 0 <= answer.start && answer.start <= answer.end && answer.end < size);
      }),
      { seed: 20261129, numRuns: 3000 },
    );
  });

  it('sends the whole file when If-Range names another version', () => {
    expect(requestedRange(100, 'bytes=10-', '"other"', ETAG)).toBeNull();
    expect(requestedRange(100, 'bytes=10-', ETAG, ETAG)).toEqual({ start: 10, end: 99 });
  });
});
