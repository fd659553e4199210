import type { WaveSpec } from '@edgeplane/contracts';

/** The number of devices in each wave, in order; they add up to `targeted`. */
export function waveSizes(waves: readonly Pick<WaveSpec, 'percent' | 'count'>[], targeted: number): number[] {
  let remaining = targeted;
  return waves.map((wave, index) => {
    // The last wave takes the rest, so that every targeted device lands in exactly one wave.
    const wanted = index === waves.length - 1 ? remaining : wave.count ?? percentOf(wave.percent ?? 0, targeted);
    const size = Math.min(wanted, remaining);
    remaining -= size;
    return size;
  });
}

/** A share of the target, rounded up: a 10 % canary of 5 devices is 1 device, not none. */
function percentOf(percent: number, targeted: number): number {
  return Math.ceil((percent * targeted) / 100 - 1e-9);
}

/** Assigns items (already in their stable order, e.g. by device id) to consecutive waves of the given sizes. */
export function splitIntoWaves<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  let start = 0;
  return sizes.map((size) => items.slice(start, (start += size)));
}
