import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ReportedStateMessage } from '@edgeplane/contracts';
import { DeviceReport, DeviceStateRepository, isTransientDatabaseError } from '@edgeplane/persistence';
import { BatchWriter } from '@edgeplane/platform';

/**
 * Stores what agents report about their assignments, in batches: a wave of 10,000 devices answers a
 * desired state at once with two reports each (downloading, active), and one statement per batch
 * keeps that from becoming 20,000 transactions. A batch the database could not take is written
 * again until it can.
 */
@Injectable()
export class ReportedStateService implements OnApplicationShutdown {
  private readonly batches = new BatchWriter<ReportedStateMessage, boolean>({
    name: ReportedStateService.name,
    maxBatch: 500,
    // Reports drive rollouts, which check their devices every few seconds: a short wait costs nothing there.
    maxWaitMs: 50,
    maxConcurrentWrites: 2,
    write: (messages) => this.write(messages),
    retryable: isTransientDatabaseError,
  });

  constructor(private readonly states: DeviceStateRepository) {}

  /** Resolves true once stored, false when the device is unknown or decommissioned (nothing is stored then). */
  apply(message: ReportedStateMessage): Promise<boolean> {
    return this.batches.add(message);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.batches.close();
  }

  private async write(messages: ReportedStateMessage[]): Promise<boolean[]> {
    const receivedAt = new Date();
    const known = await this.states.markHeard(messages.map(({ deviceId }) => deviceId), receivedAt, 'heard');
    await this.states.applyReports(messages.filter(({ deviceId }) => known.has(deviceId)).map((message) => toReport(message, receivedAt)));
    return messages.map(({ deviceId }) => known.has(deviceId));
  }
}

function toReport(message: ReportedStateMessage, receivedAt: Date): DeviceReport {
  const { body } = message;
  return {
    deviceId: message.deviceId,
    appliedRevision: body.appliedRevision,
    revision: body.revision,
    reportedAt: new Date(message.sentAt),
    receivedAt,
    assignments: body.assignments.map((assignment) => ({
      model: assignment.model,
      variantId: assignment.variantId,
      state: assignment.state,
      reason: assignment.reason,
      activeVariantId: assignment.activeVariantId,
      lastKnownGoodVariantId: assignment.lastKnownGoodVariantId,
      receivedBytes: assignment.download?.receivedBytes ?? null,
      totalBytes: assignment.download?.totalBytes ?? null,
    })),
  };
}
