import { InvalidQuantizationArgumentError } from './quantization.errors';

/** How a flat row-major tensor splits into channels along one axis (or into one channel). */
export interface ChannelLayout {
  /** Normalised (non-negative) axis, or null for a single per-tensor channel. */
  readonly axis: number | null;
  /** Number of channels: `shape[axis]`, or 1 per tensor. */
  readonly channels: number;
  /** Length of one contiguous run of a channel: the product of the dimensions after the axis. */
  readonly runLength: number;
  /** How many times the channel pattern repeats: the product of the dimensions before the axis. */
  readonly repeats: number;
}

/** Checks that `shape` describes `length` elements and that `axis` fits it, then lays it out. */
export function channelLayout(
  length: number,
  shape: readonly number[],
  axis: number | null | undefined,
  tensorName: string,
): ChannelLayout {
  if (!shape.every((dim) => Number.isInteger(dim) && dim >= 0)) {
    throw new InvalidQuantizationArgumentError(tensorName, `shape [${shape}] has a bad dimension`);
  }
  const elementCount = shape.reduce((product, dim) => product * dim, 1);
  if (elementCount !== length) {
    throw new InvalidQuantizationArgumentError(
      tensorName,
      `shape [${shape}] holds ${elementCount} elements but the data has ${length}`,
    );
  }
  if (axis === null || axis === undefined) {
    return { axis: null, channels: 1, runLength: length, repeats: 1 };
  }
  const rank = shape.length;
  // Negative axes count from the end, as in the ONNX operators.
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new InvalidQuantizationArgumentError(
      tensorName,
      `axis ${axis} is outside a tensor of rank ${rank}`,
    );
  }
  const normalised = axis < 0 ? axis + rank : axis;
  const product = (dims: readonly number[]) => dims.reduce((p, dim) => p * dim, 1);
  return {
    axis: normalised,
    channels: shape[normalised],
    runLength: product(shape.slice(normalised + 1)),
    repeats: product(shape.slice(0, normalised)),
  };
}

/**
 * Calls `visit` once per contiguous run of one channel, in memory order. Looping over runs keeps the
 * channel's scale and zero point out of the per-element loop.
 */
export function forEachChannelRun(
  layout: ChannelLayout,
  visit: (channel: number, start: number, end: number) => void,
): void {
  let start = 0;
  for (let repeat = 0; repeat < layout.repeats; repeat++) {
    for (let channel = 0; channel < layout.channels; channel++) {
      visit(channel, start, start + layout.runLength);
      start += layout.runLength;
    }
  }
}
