import { Logger } from '@nestjs/common';

/**
 * Runs `work` every `intervalMs` on this replica, one run at a time (a slow run is not overlapped by
 * the next), never keeping the process alive, and logging a failed run instead of throwing it. The
 * work itself must be safe to run on every replica at once: each task here is an idempotent sweep.
 */
export class PeriodicTask {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<void>,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    this.timer ??= setInterval(() => void this.runNow(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs the work now unless a run is under way. */
  async runNow(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.work();
    } catch (error) {
      this.logger.warn(`${this.name} failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
