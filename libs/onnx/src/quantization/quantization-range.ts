import { NonFiniteTensorError } from './quantization.errors';
import { ChannelLayout, forEachChannelRun } from './tensor-layout';

/** Integer element types a tensor can be quantized to (the ONNX QuantizeLinear outputs we use). */
export type QuantizedType = 'int8' | 'uint8';

/** Inclusive bounds of a quantized type: results saturate to these. */
export interface IntegerRange {
  /** Smallest representable value. */
  readonly min: number;
  /** Largest representable value. */
  readonly max: number;
}

export const INTEGER_RANGES: Readonly<Record<QuantizedType, IntegerRange>> = {
  int8: { min: -128, max: 127 },
  uint8: { min: 0, max: 255 },
};

/** Signed 7 bits, for `reduceRange`: symmetric scales use ±63, as full int8 uses ±127. */
export const REDUCED_INT8_RANGE: IntegerRange = { min: -64, max: 63 };

/** Per-channel real-valued range, already widened to include 0. */
export interface ChannelRanges {
  /** min(0, smallest value) of each channel. */
  readonly min: Float32Array;
  /** max(0, largest value) of each channel. */
  readonly max: Float32Array;
}

/**
 * Finds each channel's [min, max], widened to include 0 so that 0 — padding, ReLU outputs, pruned
 * weights — quantizes to the zero point exactly and dequantizes back to exactly 0. Starting the scan
 * at 0 does the widening (and gives an empty channel the range [0, 0]).
 */
export function channelRanges(
  data: Float32Array,
  layout: ChannelLayout,
  tensorName: string,
): ChannelRanges {
  const min = new Float32Array(layout.channels);
  const max = new Float32Array(layout.channels);
  forEachChannelRun(layout, (channel, start, end) => {
    let low = min[channel];
    let high = max[channel];
    for (let i = start; i < end; i++) {
      const value = data[i];
      if (!Number.isFinite(value)) throw new NonFiniteTensorError(tensorName, i, value);
      if (value < low) low = value;
      if (value > high) high = value;
    }
    min[channel] = low;
    max[channel] = high;
  });
  return { min, max };
}
