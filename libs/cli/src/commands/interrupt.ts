/**
 * Resolves when the user presses Ctrl-C (SIGINT), so a command watching a long operation can stop
 * watching and say that the operation keeps running on the controller. `dispose` removes the handler.
 */
export function onInterrupt(): { interrupted: Promise<'interrupted'>; dispose(): void } {
  let handler: () => void = () => undefined;
  const interrupted = new Promise<'interrupted'>((resolve) => {
    handler = () => resolve('interrupted');
    process.once('SIGINT', handler);
  });
  return { interrupted, dispose: () => process.removeListener('SIGINT', handler) };
}

/** Waits `ms`, or less if interrupted first. */
export function pause(ms: number, interrupted: Promise<unknown>): Promise<unknown> {
  return Promise.race([new Promise((resolve) => setTimeout(resolve, ms)), interrupted]);
}
