import type { Logger } from 'pino';
import type { TelemetrySpool } from './telemetry-spool';

/**
 * How long a delivered message is kept to be sent again if a controller replica dies. A replica
 * acknowledges a message when it takes it from the broker and stores it within a fraction of a second
 * (in batches, and again and again while PostgreSQL is unreachable); a message it held when it was
 * killed is gone from the broker too. 60 s covers the batching with room for a database outage.
 */
export const REDELIVERY_WINDOW_MS = 60_000;
/** …and at most this many (a fast interval must not turn into an unbounded memory). */
export const REDELIVERY_MAX_MESSAGES = 1_000;

/**
 * Delivers the spool in order, one message at a time, while it can arrive (connected, and a
 * controller replica listening). A message leaves the spool only after the broker acknowledged it
 * (PUBACK): at-least-once delivery, with the controller deduplicating redeliveries by messageId.
 *
 * Delivered messages of the last minute are kept in memory. When a replica dies (its last will says
 * `offline`), they go through the spool again as soon as a replica listens: the dead replica may have
 * acknowledged some without storing them, and a broker may not hand over what was in flight to it when
 * its session resumes. The ones already stored are recognised by their messageId and skipped.
 */
export class SpoolDrainer {
  private draining = false;
  private kickedWhileDraining = false;
  private delivered: { payload: string; at: number }[] = [];
  private redeliveryDue = false;

  constructor(
    private readonly spool: TelemetrySpool,
    /** Publishes with QoS 1 and resolves on the PUBACK. */
    private readonly publish: (payload: string) => Promise<void>,
    /** Connected, and a controller replica listens (AgentMqttConnection.isDeliverable). */
    private readonly isDeliverable: () => boolean,
    private readonly logger: Logger,
  ) {}

  /** Starts delivering (after a new message or a reconnect); a no-op while already at it. */
  kick(): void {
    if (this.draining) {
      this.kickedWhileDraining = true;
      return;
    }
    this.draining = true;
    void this.drain().finally(() => {
      this.draining = false;
      if (this.kickedWhileDraining) {
        this.kickedWhileDraining = false;
        this.kick();
      }
    });
  }

  /** A replica this agent delivered to died: the last minute goes out again once a replica listens. */
  replicaLost(): void {
    this.redeliveryDue = true;
    this.kick();
  }

  private async drain(): Promise<void> {
    while (this.isDeliverable()) {
      if (this.redeliveryDue) await this.requeueRecent();
      const next = await this.spool.peek();
      if (!next) return;
      try {
        await this.publish(next.payload);
      } catch (error) {
        this.logger.warn({ reason: (error as Error).message, spooled: this.spool.size }, 'telemetry not delivered; kept in the spool');
        return;
      }
      this.delivered.push({ payload: next.payload, at: Date.now() });
      if (this.delivered.length > 2 * REDELIVERY_MAX_MESSAGES) this.recentlyDelivered();
      await this.spool.remove(next.sequence);
    }
  }

  /** Puts the messages delivered in the last REDELIVERY_WINDOW_MS back in the spool, behind what waits there. */
  private async requeueRecent(): Promise<void> {
    this.redeliveryDue = false;
    const recent = this.recentlyDelivered();
    this.delivered = [];
    for (const { payload } of recent) await this.spool.append(payload);
    if (recent.length > 0) this.logger.info({ messages: recent.length }, 'a controller replica died: sending its last minute of telemetry again');
  }

  private recentlyDelivered(): { payload: string; at: number }[] {
    const since = Date.now() - REDELIVERY_WINDOW_MS;
    this.delivered = this.delivered.filter(({ at }) => at >= since).slice(-REDELIVERY_MAX_MESSAGES);
    return this.delivered;
  }
}
