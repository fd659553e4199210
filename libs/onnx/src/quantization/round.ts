/**
 * Rounds to the nearest integer, ties to the even neighbour (banker's rounding), keeping the sign of
 * zero: -0.5 → -0. This is what ONNX QuantizeLinear specifies and what ONNX Runtime does
 * (`std::nearbyintf` / `cvtps2dq` in the default rounding mode); `Math.round` rounds ties up
 * (2.5 → 3, -2.5 → -2) and would disagree with ORT on every exact tie.
 */
export function roundHalfToEven(x: number): number {
  const magnitude = Math.abs(x);
  const floor = Math.floor(magnitude);
  // Exact: the fractional part of a double is itself representable.
  const fraction = magnitude - floor;
  const roundsUp = fraction > 0.5 || (fraction === 0.5 && floor % 2 === 1);
  const rounded = roundsUp ? floor + 1 : floor;
  return x < 0 || Object.is(x, -0) ? -rounded : rounded;
}
