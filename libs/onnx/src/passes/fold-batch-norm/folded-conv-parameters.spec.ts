import { foldIntoConv } from './folded-conv-parameters';

describe('foldIntoConv', () => {
  const sut = foldIntoConv;
  const batchNorm = {
    scale: Float32Array.of(2, 0.5),
    offset: Float32Array.of(1, -1),
    mean: Float32Array.of(3, -2),
    variance: Float32Array.of(3.99, 0.24),
    epsilon: 0.01,
  };

  it('scales each output channel of W by γ/√(σ²+ε) and folds b, μ and β into the bias', () => {
    const weight = Float32Array.of(1, 2, 3, 4, 5, 6);

    // Factors γ/√(σ²+ε): channel 0 2/√4 = 1, channel 1 0.5/√0.0625 = 2.
    const folded = sut(weight, Float32Array.of(10, 20), { ...batchNorm, variance: Float32Array.of(3.99, 0.0525) });

    expect([...folded.weight]).toEqual([1, 2, 3, 8, 10, 12]);
    expect([...folded.bias]).toEqual([(10 - 3) * 1 + 1, (20 + 2) * 2 - 1]);
  });

  it('treats a missing bias as zeros', () => {
    const folded = sut(Float32Array.of(1, 1), undefined, batchNorm);

    expect([...folded.bias]).toEqual([(0 - 3) * 1 + 1, (0 + 2) * 1 - 1]);
  });
});
