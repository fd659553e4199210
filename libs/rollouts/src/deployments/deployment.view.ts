import type {
  DeploymentDeviceView,
  DeploymentEventView,
  DeploymentGates,
  DeploymentStrategy,
  DeploymentSummaryView,
  DeploymentTarget,
  DeploymentView,
  GateEvaluation,
} from '@edgeplane/contracts';
import type { DeploymentRow, DeploymentSummaryRow } from '@edgeplane/persistence';

type SummaryFields = Omit<DeploymentSummaryRow, 'skipped'>;

function summaryOf(row: SummaryFields, skipped: number): DeploymentSummaryView {
  return {
    id: row.id,
    model: { name: row.modelName, version: row.modelVersion.version },
    state: row.state,
    supersededBy: row.supersededById,
    devices: { targeted: row._count.devices, deployable: row._count.devices - skipped, skipped },
    createdBy: row.createdById,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toDeploymentSummaryView(row: DeploymentSummaryRow): DeploymentSummaryView {
  return summaryOf(row, row.skipped);
}

export function toDeploymentView(row: DeploymentRow): DeploymentView {
  const devices = row.devices.map((device) => ({ waveIndex: device.waveIndex, view: deviceView(device) }));
  return {
    ...summaryOf(row, devices.filter(({ view }) => view.variantId === null).length),
    target: row.target as DeploymentTarget,
    strategy: row.strategy as unknown as DeploymentStrategy,
    gates: row.gates as unknown as DeploymentGates,
    autoRollback: row.autoRollback,
    deadlineSeconds: row.deadlineSeconds,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    waves: row.waves.map((wave) => ({
      index: wave.index,
      bakeSeconds: wave.bakeSeconds,
      state: wave.state,
      startedAt: wave.startedAt?.toISOString() ?? null,
      bakeUntil: wave.bakeUntil?.toISOString() ?? null,
      finishedAt: wave.finishedAt?.toISOString() ?? null,
      gateEvaluation: (wave.gateEvaluation as unknown as GateEvaluation | null) ?? null,
      devices: devices.filter(({ waveIndex }) => waveIndex === wave.index).map(({ view }) => view),
    })),
    timeline: row.events.map(eventView),
  };
}

function deviceView(device: DeploymentRow['devices'][number]): DeploymentDeviceView {
  return {
    deviceId: device.deviceId,
    deviceName: device.device.name,
    hardwareProfile: device.hardwareProfile,
    variantId: device.variantId,
    variantProfile: device.variant?.hardwareProfile ?? null,
    status: device.status,
    skipReason: device.skipReason,
    statusReason: device.statusReason,
  };
}

function eventView(event: DeploymentRow['events'][number]): DeploymentEventView {
  return {
    at: event.at.toISOString(),
    type: event.type,
    actor: event.actorKeyId === null && event.actorName === null ? null : { keyId: event.actorKeyId, name: event.actorName },
    details: event.details as Record<string, unknown>,
  };
}
