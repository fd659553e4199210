import type { NodeProto } from 'onnx-buf';
import { findAttribute, intsAttribute, isDefaultDomain, stringAttribute } from '../node-attributes';

/**
 * How far the largest diagonal weight must stand above the RMS of the off-diagonal ones for the
 * diagonal to count as a merged identity branch. Measured max |diag| / RMS: the PaddleOCR
 * recogniser's nine square 1×1 Convs 14.5 to 237 (p2o.Conv.28: 22.5 / 0.16), the detector's nine
 * 9.2 to 114, the classifier's two ordinary ones 1.4 and 1.5. Weights without structure reach
 * about √(2 ln C²), 3.5 to 5 for C up to 512, by chance alone: 8 stays clear of that.
 */
export const DOMINANCE_RATIO = 8;

/** A square 1×1 Conv's weight split into an identity branch and the rest. */
export interface IdentityBranch {
  /** Channels in = channels out. */
  channels: number;
  /** W[c, c] for each channel c: the float Mul's d. */
  identity: Float32Array;
  /** W with its diagonal set to zero: what the Conv keeps. */
  rest: Float32Array;
}

/**
 * Whether `conv` is a pointwise Conv that maps each channel onto the same positions (group 1,
 * stride 1, no padding, no dilation), so that `x · d` has exactly the shape of its output.
 */
export function isPointwiseConv(conv: NodeProto, weightDims: readonly number[]): boolean {
  if (conv.opType !== 'Conv' || !isDefaultDomain(conv.domain)) return false;
  const [out, inPerGroup, height, width] = weightDims;
  if (weightDims.length !== 4 || out !== inPerGroup || height !== 1 || width !== 1) return false;
  const allEqual = (name: string, value: bigint) => (intsAttribute(conv, name) ?? []).every((v) => v === value);
  const autoPad = stringAttribute(conv, 'auto_pad') ?? 'NOTSET';
  const group = findAttribute(conv, 'group')?.i ?? 1n;
  // A 1×1 kernel with stride 1 pads nothing under SAME_*, and VALID never pads.
  return group === 1n && allEqual('strides', 1n) && allEqual('pads', 0n) && allEqual('dilations', 1n) &&
    ['NOTSET', 'VALID', 'SAME_UPPER', 'SAME_LOWER'].includes(autoPad);
}

/** The split of a [C, C, 1, 1] weight, or null when its diagonal does not dominate (DOMINANCE_RATIO). */
export function dominantIdentityBranch(weight: Float32Array, channels: number): IdentityBranch | null {
  if (channels < 2) return null;
  const identity = new Float32Array(channels);
  const rest = Float32Array.from(weight);
  for (let channel = 0; channel < channels; channel += 1) {
    identity[channel] = weight[channel * channels + channel];
    rest[channel * channels + channel] = 0;
  }
  const largestDiagonal = identity.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  // The diagonal is zero in `rest` now: its squares sum to those of the off-diagonal weights.
  const offDiagonalSquares = rest.reduce((sum, value) => sum + value * value, 0);
  const offDiagonalRms = Math.sqrt(offDiagonalSquares / (channels * channels - channels));
  const dominates = largestDiagonal > 0 && largestDiagonal >= DOMINANCE_RATIO * offDiagonalRms;
  return dominates ? { channels, identity, rest } : null;
}
