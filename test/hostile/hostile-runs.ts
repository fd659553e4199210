import fc from 'fast-check';

/**
 * Settings for every property of the hostile suite: a fixed seed, so a failure replays exactly
 * (fast-check prints the seed and the shrunk counterexample; set HOSTILE_SEED to try another), and a
 * bounded number of runs, so the suite stays fast.
 */
export function hostileRuns<T = unknown>(numRuns: number): fc.Parameters<T> {
  const seed = Number(process.env.HOSTILE_SEED ?? 20261129);
  return { seed, numRuns, endOnFailure: true };
}

/** Text to send as it is, shown shortened in fast-check's reports (a counterexample can be 200 kB of `[`). */
export class RawText {
  constructor(readonly text: string) {}

  [fc.toStringMethod](): string {
    return JSON.stringify(preview(this.text));
  }
}

export function preview(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 120)}…(${text.length} characters)…${text.slice(-40)}`;
}
