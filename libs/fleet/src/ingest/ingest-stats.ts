import { Injectable, Logger } from '@nestjs/common';
import type { DeviceChannel, RejectionReason } from '@edgeplane/contracts';

/** Why this replica refused a device message: the protocol's reasons plus what only it can know. */
export type IngestRejection = RejectionReason | 'unknown_topic' | 'unknown_device';

/** Messages this replica accepted per channel and refused per reason, since it started. */
export interface IngestCounts {
  accepted: Partial<Record<DeviceChannel, number>>;
  rejected: Partial<Record<IngestRejection, number>>;
}

/**
 * Counts device messages. A refused message is counted and logged (at most once per device and
 * reason a minute, so one broken device cannot flood the log) and otherwise dropped: never retried,
 * never half-applied.
 */
@Injectable()
export class IngestStats {
  private readonly logger = new Logger('DeviceIngest');
  private readonly counts: IngestCounts = { accepted: {}, rejected: {} };
  private readonly lastLogged = new Map<string, number>();

  accepted(channel: DeviceChannel): void {
    this.counts.accepted[channel] = (this.counts.accepted[channel] ?? 0) + 1;
  }

  rejected(topic: string, reason: IngestRejection, detail: string): void {
    this.counts.rejected[reason] = (this.counts.rejected[reason] ?? 0) + 1;
    const key = `${topic}|${reason}`;
    const now = Date.now();
    if ((this.lastLogged.get(key) ?? 0) > now - 60_000) return;
    if (this.lastLogged.size > 10_000) this.lastLogged.clear();
    this.lastLogged.set(key, now);
    this.logger.warn({ topic, reason, detail }, `refused device message on ${topic}: ${reason} (${detail})`);
  }

  snapshot(): IngestCounts {
    return { accepted: { ...this.counts.accepted }, rejected: { ...this.counts.rejected } };
  }
}
