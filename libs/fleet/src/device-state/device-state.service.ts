import { Injectable } from '@nestjs/common';
import type { AssignmentStateView, DeviceStateView } from '@edgeplane/contracts';
import { AssignmentStateRow, DesiredStateRepository, DeviceStateRepository, TelemetryRepository } from '@edgeplane/persistence';
import { DevicesService } from '@edgeplane/registry';

const RECENT_STATUS_EVENTS = 20;

/** The assembled picture of one device: desired, reported, presence and latest health. */
@Injectable()
export class DeviceStateService {
  constructor(
    private readonly devices: DevicesService,
    private readonly desired: DesiredStateRepository,
    private readonly states: DeviceStateRepository,
    private readonly telemetry: TelemetryRepository,
  ) {}

  async get(deviceId: string): Promise<DeviceStateView> {
    const device = await this.devices.require(deviceId);
    const [desired, assignments, events, latest] = await Promise.all([
      this.desired.current(deviceId),
      this.states.assignments(deviceId),
      this.states.statusEvents(deviceId, RECENT_STATUS_EVENTS),
      this.telemetry.latest(deviceId),
    ]);
    const revision = desired?.revision ?? 0;
    return {
      deviceId,
      status: device.status,
      lastSeenAt: device.lastSeenAt?.toISOString() ?? null,
      desired: { revision, publishedAt: desired?.publishedAt?.toISOString() ?? null },
      appliedRevision: device.appliedRevision,
      converged: (device.appliedRevision ?? 0) >= revision,
      assignments: assignments.map(toAssignmentView),
      health: latest && {
        at: latest.windowEnd.toISOString(),
        uptimeSeconds: latest.uptimeSeconds,
        cpuPercent: latest.cpuPercent,
        memoryUsedBytes: Number(latest.memoryUsedBytes),
        memoryTotalBytes: Number(latest.memoryTotalBytes),
        diskFreeBytes: Number(latest.diskFreeBytes),
        load1: latest.load1,
        agentRssBytes: Number(latest.agentRssBytes),
      },
      recentStatusEvents: events.map((event) => ({ status: event.status, cause: event.cause, at: event.at.toISOString() })),
    };
  }
}

function toAssignmentView(row: AssignmentStateRow): AssignmentStateView {
  return {
    model: row.model,
    variantId: row.variantId,
    state: row.state,
    reason: row.reason,
    activeVariantId: row.activeVariantId,
    lastKnownGoodVariantId: row.lastKnownGoodVariantId,
    download:
      row.receivedBytes !== null && row.totalBytes !== null
        ? { receivedBytes: Number(row.receivedBytes), totalBytes: Number(row.totalBytes) }
        : null,
    revision: row.revision,
    reportedAt: row.reportedAt.toISOString(),
  };
}
