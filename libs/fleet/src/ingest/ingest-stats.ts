import { Injectable, Logger } from '@nestjs/common';
import type { DeviceChannel, RejectionReason } from '@edgeplane/contracts';

/** Why this replica refused a device message: the protocol's reasons plus what only it can know. */
export type IngestRejection = RejectionReason | 'unknown_topic' | 'unknown_device';

/** Messages this replica accepted per channel and refused per reason, since it started. */
export interface IngestCounts {
  accepted: Partial<Record<DeviceChannel, number>>;
  rejected: Partial<Record<IngestRejection, number>>;
  /**
   * Messages received and not yet stored or refused: now, the most since start, and the limit at which
   * the replica stops reading from the broker (which then holds the backlog).
   */
  inHandlers: { now: number; peak: number; limit: number };
}

/**
 * Counts device messages. A refused message is counted and logged (at most once per device and
 * reason a minute, so one broken device cannot flood the log) and otherwise dropped: never retried,
 * never half-applied.
 */
@Injectable()
export class IngestStats {
  private readonly logger = new Logger('DeviceIngest');
  private readonly counts: Pick<IngestCounts, 'accepted' | 'rejected'> = { accepted: {}, rejected: {} };
  private readonly lastLogged = new Map<string, number>();
  private inHandlers = 0;
  private peakInHandlers = 0;
  /** Set by the transport (DeviceMqttServer), which enforces it. */
  inHandlersLimit = 0;

  /** A message was handed to its handler. */
  handling(): void {
    this.inHandlers++;
    this.peakInHandlers = Math.max(this.peakInHandlers, this.inHandlers);
  }

  /** A handler finished (stored, refused or failed); true while the replica is below its limit. */
  handled(): boolean {
    this.inHandlers--;
    return this.belowLimit();
  }

  belowLimit(): boolean {
    return this.inHandlers < this.inHandlersLimit;
  }

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
    return {
      accepted: { ...this.counts.accepted },
      rejected: { ...this.counts.rejected },
      inHandlers: { now: this.inHandlers, peak: this.peakInHandlers, limit: this.inHandlersLimit },
    };
  }
}
