import type { ReportedState } from '@edgeplane/contracts';

/**
 * Sends the `reported` document when it changes: state changes at once, download progress at most
 * once per `minIntervalMs` (with a trailing send, so the last figure always goes out). Each send
 * reads the document afresh, so coalesced changes are never lost, only merged.
 */
export class ReportedStatePublisher {
  private lastSentAt = 0;
  private trailing: NodeJS.Timeout | undefined;

  constructor(
    private readonly document: () => ReportedState,
    private readonly send: (body: ReportedState) => void,
    private readonly minIntervalMs = 1000,
  ) {}

  changed(urgent: boolean): void {
    const wait = this.lastSentAt + this.minIntervalMs - Date.now();
    if (urgent || wait <= 0) {
      this.sendNow();
    } else {
      this.trailing ??= setTimeout(() => this.sendNow(), wait);
    }
  }

  /** Sends the current document regardless of throttling (on every (re)connect). */
  sendNow(): void {
    clearTimeout(this.trailing);
    this.trailing = undefined;
    this.lastSentAt = Date.now();
    this.send(this.document());
  }

  stop(): void {
    clearTimeout(this.trailing);
  }
}
