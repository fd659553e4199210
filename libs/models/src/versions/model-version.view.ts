import { ModelMetadata, ModelVersionView } from '@edgeplane/contracts';
import { ModelVersionRow } from '@edgeplane/persistence';

export function toModelVersionView(row: ModelVersionRow): ModelVersionView {
  return {
    model: row.model.name,
    version: row.version,
    sha256: row.sha256,
    sizeBytes: Number(row.sizeBytes),
    metadata: row.metadata as unknown as ModelMetadata,
    teacher: row.teacher ? { model: row.teacher.model.name, version: row.teacher.version } : null,
    calibrationSet:
      row.calibrationSha256 && row.calibrationSamples !== null && row.calibrationBytes !== null
        ? { sha256: row.calibrationSha256, samples: row.calibrationSamples, sizeBytes: Number(row.calibrationBytes) }
        : null,
    createdAt: row.createdAt.toISOString(),
  };
}
