import type { Logger } from 'pino';
import type { TelemetrySpool } from './telemetry-spool';

/**
 * Delivers the spool in order, one message at a time, while it can arrive (connected, and a
 * controller replica listening). A message leaves the spool only after the broker acknowledged it
 * (PUBACK): at-least-once delivery, with the controller deduplicating redeliveries by messageId.
 */
export class SpoolDrainer {
  private draining = false;
  private kickedWhileDraining = false;

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

  private async drain(): Promise<void> {
    while (this.isDeliverable()) {
      const next = await this.spool.peek();
      if (!next) return;
      try {
        await this.publish(next.payload);
      } catch (error) {
        this.logger.warn({ reason: (error as Error).message, spooled: this.spool.size }, 'telemetry not delivered; kept in the spool');
        return;
      }
      await this.spool.remove(next.sequence);
    }
  }
}
