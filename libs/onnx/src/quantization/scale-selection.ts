import { RangeTooWideError } from './quantization.errors';
import { IntegerRange } from './quantization-range';
import { roundHalfToEven } from './round';

/** Scale and zero point of one channel. */
export interface ChannelParams {
  /** Real value of one quantization step (a float32 value). */
  readonly scale: number;
  /** Integer that represents real 0. */
  readonly zeroPoint: number;
}

/**
 * Used for an all-zero channel (range [0, 0]): any scale represents it exactly, and 1 keeps later
 * divisions finite. Also used when the range is so tiny that the scale would be subnormal: such values
 * are below float32's normal range anyway, and flush-to-zero hardware would read a subnormal scale as
 * 0 and divide by it.
 */
const UNIT_PARAMS: ChannelParams = { scale: 1, zeroPoint: 0 };
const SMALLEST_NORMAL_FLOAT32 = 2 ** -126;

/**
 * Asymmetric: scale = (max - min) / (2^8 - 1), zero point = round(qmin - min / scale), i.e.
 * round(-min / scale) for uint8 and that minus 128 for int8. Computed in float32 step by step exactly
 * as ORT's DynamicQuantizeLinear does (onnxruntime `GetQuantizationParameter`), so a uint8 tensor gets
 * bit-identical parameters whether we quantize it offline or ORT does it at run time.
 */
export function asymmetricParams(
  min: number,
  max: number,
  range: IntegerRange,
  tensorName: string,
): ChannelParams {
  if (max === min) return UNIT_PARAMS;
  const scale = Math.fround(Math.fround(max - min) / (range.max - range.min));
  if (scale === Infinity) throw new RangeTooWideError(tensorName, min, max);
  if (scale < SMALLEST_NORMAL_FLOAT32) return UNIT_PARAMS;
  const initialZeroPoint = Math.fround(range.min - Math.fround(min / scale));
  const clamped = Math.min(range.max, Math.max(range.min, initialZeroPoint));
  return { scale, zeroPoint: roundHalfToEven(clamped) };
}

/**
 * Symmetric int8: zero point 0, scale = max|x| / 127, so the grid is symmetric around 0 and -128 is
 * never produced (as in ORT's quantization tool: int8 symmetric uses [-127, 127]).
 *
 * With `powerOfTwo`, the scale is the smallest power of two >= max|x| / 127 — rounded UP, because a
 * smaller scale would push the largest |x| past 127 and saturate (clip) exactly the weights that
 * matter most; rounding up costs at most one bit of resolution instead. A power-of-two scale lets an
 * FPGA requantize with a bit shift instead of a multiplier.
 */
export function symmetricParams(
  absMax: number,
  range: IntegerRange,
  powerOfTwo: boolean,
): ChannelParams {
  if (absMax === 0) return UNIT_PARAMS;
  const steps = range.max;
  const scale = powerOfTwo ? powerOfTwoCovering(absMax, steps) : Math.fround(absMax / steps);
  if (scale < SMALLEST_NORMAL_FLOAT32) return UNIT_PARAMS;
  return { scale, zeroPoint: 0 };
}

/** Smallest 2^e with steps · 2^e >= absMax. The comparisons are exact in double precision. */
function powerOfTwoCovering(absMax: number, steps: number): number {
  let scale = 2 ** Math.ceil(Math.log2(absMax / steps));
  // Math.log2 may be off by one ulp near exact powers; settle the exponent with exact comparisons.
  while (scale * steps < absMax) scale *= 2;
  while ((scale / 2) * steps >= absMax) scale /= 2;
  return scale;
}
