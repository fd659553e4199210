/**
 * Starts `call` at a fixed rate for `seconds`, whether or not earlier calls have finished, with at
 * most `maxInFlight` running at once: the same open loop as autocannon's overallRate over a fixed
 * number of connections. When all of them are busy, calls start late and the achieved rate falls
 * instead of a queue growing without bound, so a run never lasts much longer than `seconds`.
 * Resolves with each call's latency in ms from its start, by call index. A failing call rejects the
 * run: a floor with errors means nothing.
 */
export async function pacedCalls(
  pace: { rate: number; seconds: number; maxInFlight: number },
  call: (index: number) => Promise<void>,
  signal: AbortSignal,
): Promise<number[]> {
  const latencies: number[] = [];
  const running: Array<Promise<void>> = [];
  const failures: unknown[] = [];
  let inFlight = 0;
  // Failures are collected, not thrown: a rejection nobody awaits yet would end the process.
  const timed = async (index: number) => {
    inFlight += 1;
    const sent = performance.now();
    await call(index).then(
      () => (latencies[index] = performance.now() - sent),
      (error: unknown) => failures.push(error),
    );
    inFlight -= 1;
  };
  const started = performance.now();
  for (let elapsedS = 0; elapsedS < pace.seconds && failures.length === 0; elapsedS = (performance.now() - started) / 1000) {
    signal.throwIfAborted();
    const due = Math.floor(elapsedS * pace.rate) + 1;
    while (running.length < due && inFlight < pace.maxInFlight) running.push(timed(running.length));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(running);
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${running.length} paced calls failed`);
  return latencies;
}
