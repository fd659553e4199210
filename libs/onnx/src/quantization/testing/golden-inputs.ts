import type { QuantizationParams } from '../linear-quantization';
import { seededFloats } from '../../testing/seeded-random';

/**
 * The float32 x nearest to (n + 0.5) · scale for which x / scale, divided in float32, is exactly the
 * tie n + 0.5 — or null when no float32 lands exactly there. Ties are where a rounding mode shows.
 */
export function exactTie(scale: number, n: number): number | null {
  const target = n + 0.5;
  const x = new Float32Array([target * scale]);
  const bits = new Int32Array(x.buffer);
  for (const step of [0, 1, -2, 3, -4]) {
    bits[0] += step; // walks x, x+1ulp, x-1ulp, x+2ulp, x-2ulp
    if (Math.fround(x[0] / scale) === target) return x[0];
  }
  return null;
}

/**
 * A float32 tensor for comparing against ORT: seeded values over [(-200 - zp)·scale, 300·scale] of
 * each element's channel, past both ends of the representable range so that some saturate; an exact
 * tie for its channel in every third element where one exists; and ±0, ±Infinity at the front.
 */
export function goldenInput(
  shape: readonly number[],
  params: QuantizationParams,
  seed: number,
): { data: Float32Array; ties: number } {
  const length = shape.reduce((p, d) => p * d, 1);
  const inner =
    params.axis === null ? length : shape.slice(params.axis + 1).reduce((p, d) => p * d, 1);
  const channelOf = (i: number) => Math.floor(i / inner) % params.scale.length;
  const data = seededFloats(seed, length, 0, 1).map((u, i) => {
    const c = channelOf(i);
    const [low, high] = [(-200 - params.zeroPoint[c]) * params.scale[c], 300 * params.scale[c]];
    return low + (high - low) * u;
  });
  let ties = 0;
  for (let i = 4; i < length; i += 3) {
    const c = channelOf(i);
    const tie = exactTie(params.scale[c], Math.floor(data[i] / params.scale[c]));
    if (tie !== null) {
      data[i] = tie;
      ties++;
    }
  }
  data.set([0, -0, Infinity, -Infinity].slice(0, length));
  return { data, ties };
}
