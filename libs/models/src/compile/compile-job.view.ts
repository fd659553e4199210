import {
  CompileJobView,
  CompileOptions,
  CompileStage,
  effectiveBudget,
  HardwareProfileSpec,
  VerificationFigures,
} from '@edgeplane/contracts';
import { VariantRow } from '@edgeplane/persistence';

export function toCompileJobView(row: VariantRow): CompileJobView {
  const options = row.options as CompileOptions;
  const profile = row.profile as unknown as HardwareProfileSpec;
  return {
    id: row.id,
    model: row.modelVersion.model.name,
    version: row.modelVersion.version,
    hardwareProfile: row.hardwareProfile,
    options,
    accuracyBudget: effectiveBudget(profile, options),
    status: row.status,
    stage: row.stage as CompileStage | null,
    attempts: row.attempts,
    reason: row.reason,
    artifact: row.sha256 && row.sizeBytes !== null ? { sha256: row.sha256, sizeBytes: Number(row.sizeBytes) } : null,
    samples: row.samplesSha256 && row.samplesBytes !== null ? { sha256: row.samplesSha256, sizeBytes: Number(row.samplesBytes) } : null,
    figures: row.figures as unknown as VerificationFigures | null,
    passReport: row.passReport as Record<string, unknown> | null,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

