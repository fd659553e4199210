import { Injectable } from '@nestjs/common';
import type { ReportedStateMessage } from '@edgeplane/contracts';
import { DeviceStateRepository } from '@edgeplane/persistence';

/** Stores what agents report about their assignments. */
@Injectable()
export class ReportedStateService {
  constructor(private readonly states: DeviceStateRepository) {}

  /** Returns false when the device is unknown or decommissioned (nothing is stored then). */
  async apply(message: ReportedStateMessage): Promise<boolean> {
    const receivedAt = new Date();
    const known = await this.states.markHeard([message.deviceId], receivedAt, 'heard');
    if (!known.has(message.deviceId)) return false;
    const { body } = message;
    await this.states.applyReport({
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
    });
    return true;
  }
}
