/**
 * The fault suite's verdict (test/faults): prints `lost: N` on a line of its own, N being what should
 * have arrived and did not, and names what was lost in the failure message when N is not 0.
 */
export function expectNothingLost(lost: Record<string, number>, details = ''): void {
  const total = Object.values(lost).reduce((sum, count) => sum + count, 0);
  process.stdout.write(`lost: ${total}\n`);
  if (total !== 0) throw new Error(`lost: ${total} ${JSON.stringify(lost)}${details ? `\n${details}` : ''}`);
}
