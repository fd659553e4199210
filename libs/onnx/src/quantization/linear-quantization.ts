import { InvalidQuantizationArgumentError, NonFiniteTensorError } from './quantization.errors';
import { INTEGER_RANGES, QuantizedType, REDUCED_INT8_RANGE, channelRanges } from './quantization-range';
import { roundHalfToEven } from './round';
import { ChannelParams, asymmetricParams, symmetricParams } from './scale-selection';
import { ChannelLayout, channelLayout, forEachChannelRun } from './tensor-layout';

/**
 * Parameters of linear quantization, laid out as the `y_scale` / `y_zero_point` inputs and `axis`
 * attribute of ONNX QuantizeLinear / DequantizeLinear (opset 13): q = saturate(round(x / scale) + zp).
 */
export interface QuantizationParams {
  /** One float32 scale per channel along `axis`, or a single one per tensor. */
  scale: Float32Array;
  /** One zero point per channel (same length as `scale`), within the range of `type`. */
  zeroPoint: Int32Array;
  /** Non-negative channel axis, or null when one scale covers the whole tensor. */
  axis: number | null;
  /** Integer type of the quantized tensor. */
  type: QuantizedType;
}

/** How to choose the parameters. */
export interface QuantizationOptions {
  /** Integer type of the quantized tensor. */
  type: QuantizedType;
  /** Zero point 0 and scale max|x| / 127 (int8 only), instead of fitting [min, max] asymmetrically. */
  symmetric: boolean;
  /** Round each scale up to a power of two (requires `symmetric`), for shift-based FPGA arithmetic. */
  powerOfTwo: boolean;
  /**
   * 7-bit values, ±63 (requires `symmetric`): ORT's `reduce_range`. x86 int8 kernels without VNNI add
   * pairs of u8 × s8 products in 16 bits, which 255 · 127 · 2 overflows and 255 · 63 · 2 does not.
   */
  reduceRange?: boolean;
  /** Channel axis for per-channel parameters (negative counts from the end); omit for per tensor. */
  axis?: number;
  /** Name used in error messages, e.g. the initializer's name. */
  tensorName?: string;
}

/**
 * Chooses scale and zero point for each channel of a float32 tensor. The range is widened to include
 * 0, so 0 always quantizes exactly to the zero point. An all-zero channel gets scale 1, zero point 0.
 * NaN or ±Infinity anywhere is refused with a NonFiniteTensorError naming the tensor and element.
 */
export function computeQuantizationParams(
  data: Float32Array,
  shape: readonly number[],
  options: QuantizationOptions,
): QuantizationParams {
  const tensorName = options.tensorName ?? 'tensor';
  if (options.symmetric && options.type !== 'int8') {
    throw new InvalidQuantizationArgumentError(
      tensorName,
      'symmetric quantization is int8 only (zero point 0); use int8 or symmetric: false',
    );
  }
  if (options.powerOfTwo && !options.symmetric) {
    throw new InvalidQuantizationArgumentError(
      tensorName,
      'power-of-two scales need symmetric: true (shift-based requantization assumes zero point 0)',
    );
  }
  if (options.reduceRange && !options.symmetric) {
    throw new InvalidQuantizationArgumentError(
      tensorName,
      'a reduced (7-bit) range needs symmetric: true; asymmetric tensors use the full range',
    );
  }
  const layout = channelLayout(data.length, shape, options.axis, tensorName);
  const ranges = channelRanges(data, layout, tensorName);
  const integerRange = options.reduceRange ? REDUCED_INT8_RANGE : INTEGER_RANGES[options.type];
  const scale = new Float32Array(layout.channels);
  const zeroPoint = new Int32Array(layout.channels);
  for (let channel = 0; channel < layout.channels; channel++) {
    const min = ranges.min[channel];
    const max = ranges.max[channel];
    const params: ChannelParams = options.symmetric
      ? symmetricParams(Math.max(-min, max), integerRange, options.powerOfTwo)
      : asymmetricParams(min, max, integerRange, tensorName);
    scale[channel] = params.scale;
    zeroPoint[channel] = params.zeroPoint;
  }
  return { scale, zeroPoint, axis: layout.axis, type: options.type };
}

/**
 * q = saturate(round_half_to_even(x / scale) + zero_point), with the division in float32 — the same
 * operations as ONNX Runtime's QuantizeLinear, so the bytes match. ±Infinity saturates as in ORT;
 * NaN is refused (ORT's result for NaN depends on the CPU).
 */
export function quantize(
  data: Float32Array,
  shape: readonly number[],
  params: QuantizationParams,
): Int8Array | Uint8Array {
  const layout = layoutFor(data.length, shape, params);
  const { min: qmin, max: qmax } = INTEGER_RANGES[params.type];
  const output = params.type === 'int8' ? new Int8Array(data.length) : new Uint8Array(data.length);
  forEachChannelRun(layout, (channel, start, end) => {
    const scale = params.scale[channel];
    const zeroPoint = params.zeroPoint[channel];
    for (let i = start; i < end; i++) {
      const x = data[i];
      if (Number.isNaN(x)) throw new NonFiniteTensorError('tensor', i, x);
      const q = roundHalfToEven(Math.fround(x / scale)) + zeroPoint;
      output[i] = q < qmin ? qmin : q > qmax ? qmax : q;
    }
  });
  return output;
}

/** x = (q - zero_point) * scale in float32, as ONNX Runtime's DequantizeLinear computes it. */
export function dequantize(
  quantized: Int8Array | Uint8Array,
  shape: readonly number[],
  params: QuantizationParams,
): Float32Array {
  // The tag, not instanceof, so that arrays from another realm (ORT's native outputs) are accepted.
  const expectedTag = params.type === 'int8' ? 'Int8Array' : 'Uint8Array';
  if (quantized[Symbol.toStringTag] !== expectedTag) {
    throw new InvalidQuantizationArgumentError('tensor', `params are ${params.type}, data is not`);
  }
  const layout = layoutFor(quantized.length, shape, params);
  const output = new Float32Array(quantized.length);
  forEachChannelRun(layout, (channel, start, end) => {
    const scale = params.scale[channel];
    const zeroPoint = params.zeroPoint[channel];
    for (let i = start; i < end; i++) {
      // The integer difference is exact; one float32 rounding of the product, like ORT.
      output[i] = Math.fround((quantized[i] - zeroPoint) * scale);
    }
  });
  return output;
}

function layoutFor(
  length: number,
  shape: readonly number[],
  params: QuantizationParams,
): ChannelLayout {
  const layout = channelLayout(length, shape, params.axis, 'tensor');
  if (params.scale.length !== layout.channels || params.zeroPoint.length !== layout.channels) {
    throw new InvalidQuantizationArgumentError(
      'tensor',
      `params hold ${params.scale.length} scales and ${params.zeroPoint.length} zero points ` +
        `but the tensor has ${layout.channels} channel(s) along axis ${params.axis}`,
    );
  }
  return layout;
}
