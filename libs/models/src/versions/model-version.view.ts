import { ModelMetadata, ModelVersionView } from '@edgeplane/contracts';
import { ModelVersionRow } from '@edgeplane/persistence';

export function toModelVersionView(row: ModelVersionRow): ModelVersionView {
  return {
    model: row.model.name,
    version: row.version,
    sha256: row.sha256,
    sizeBytes: Number(row.sizeBytes),
    metadata: row.metadata as unknown as ModelMetadata,
    createdAt: row.createdAt.toISOString(),
  };
}
