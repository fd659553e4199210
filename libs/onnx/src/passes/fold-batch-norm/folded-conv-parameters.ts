/** The constant inputs of an inference-mode BatchNormalization, one value per channel. */
export interface BatchNormParameters {
  /** γ, the per-channel scale. */
  scale: Float32Array;
  /** β, the per-channel offset added last. */
  offset: Float32Array;
  /** μ, the running mean subtracted first. */
  mean: Float32Array;
  /** σ², the running variance. */
  variance: Float32Array;
  /** ε, added to the variance before the square root. */
  epsilon: number;
}

/** A Conv's weight and bias with the BatchNormalization after it folded in. */
export interface FoldedConvParameters {
  /** W' = W · γ/√(σ²+ε), row by output channel; same shape as W. */
  weight: Float32Array;
  /** b' = (b − μ) · γ/√(σ²+ε) + β, one per output channel. */
  bias: Float32Array;
}

/**
 * BatchNormalization(Conv(x, W, b)) as one Conv(x, W', b'). `weight` is W in row-major order with
 * the output channel as its first axis (ONNX Conv weights are [M, C/group, k…]); a missing `bias`
 * counts as zeros. The arithmetic runs in float64 and is rounded to float32 once, at the end, so
 * the folded model stays within float32 rounding of the two-node original.
 */
export function foldIntoConv(
  weight: Float32Array,
  bias: Float32Array | undefined,
  batchNorm: BatchNormParameters,
): FoldedConvParameters {
  const channels = batchNorm.scale.length;
  const perChannel = weight.length / channels;
  const foldedWeight = new Float32Array(weight.length);
  const foldedBias = new Float32Array(channels);
  for (let channel = 0; channel < channels; channel += 1) {
    const factor = batchNorm.scale[channel] / Math.sqrt(batchNorm.variance[channel] + batchNorm.epsilon);
    const start = channel * perChannel;
    for (let index = start; index < start + perChannel; index += 1) foldedWeight[index] = weight[index] * factor;
    const convBias = bias ? bias[channel] : 0;
    foldedBias[channel] = (convBias - batchNorm.mean[channel]) * factor + batchNorm.offset[channel];
  }
  return { weight: foldedWeight, bias: foldedBias };
}
