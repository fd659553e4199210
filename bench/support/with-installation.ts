import { InstallationUnderBench } from './installation-under-bench';

/**
 * Runs `work` against a fresh, started InstallationUnderBench and removes the installation
 * afterwards, whatever happened: on success, on failure, once `deadlineMs` has passed (`signal`
 * aborts so the work can stop its load tools, and the run rejects without waiting for it), and on
 * SIGINT/SIGTERM (the process exits 130 after the clean-up). A benchmark that hangs must not keep
 * `npm run bench` or the processes it started alive.
 */
export async function withInstallation<T>(
  what: string,
  deadlineMs: number,
  work: (installation: InstallationUnderBench, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const installation = new InstallationUnderBench();
  const deadline = AbortSignal.timeout(deadlineMs);
  const timedOut = new Promise<never>((_, reject) =>
    deadline.addEventListener('abort', () => reject(new Error(`${what} did not finish within ${deadlineMs / 1000} s; stopped`))),
  );
  const interrupted = (signal: NodeJS.Signals) => {
    console.error(`${signal}: stopping the processes and removing ${installation.name}`);
    void installation.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await Promise.race([installation.start().then(() => work(installation, deadline)), timedOut]);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await installation.stop();
  }
}
