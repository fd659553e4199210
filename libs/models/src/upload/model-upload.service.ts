import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ModelMetadata, ModelVersionView } from '@edgeplane/contracts';
import { ARTIFACT_STORE, ArtifactStore, ArtifactTooLargeError, StagedArtifact } from '@edgeplane/artifacts';
import { inspectModel, readModel, validateModel } from '@edgeplane/onnx';
import { isUniqueViolation, ModelRepository } from '@edgeplane/persistence';
import { EdgeplaneConfig } from '@edgeplane/platform';
import { toModelVersionView } from '../versions/model-version.view';

/** What an upload produced: a new version, or the existing one with identical bytes. */
export interface UploadResult {
  created: boolean;
  version: ModelVersionView;
}

// Concurrent uploads of different files to one model race for the next version number.
const VERSION_NUMBER_ATTEMPTS = 3;

/**
 * Turns an upload stream into an immutable model version: stage and hash, validate as ONNX, then
 * commit the bytes and record the version. Any failure leaves no row and no stored file.
 */
@Injectable()
export class ModelUploadService {
  constructor(
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly models: ModelRepository,
    private readonly config: EdgeplaneConfig,
  ) {}

  async upload(modelName: string, body: Readable, declaredBytes: number | null, uploaderId: string | null): Promise<UploadResult> {
    const limit = this.config.EDGEPLANE_MODEL_UPLOAD_LIMIT;
    if (declaredBytes !== null && declaredBytes > limit) throw new ArtifactTooLargeError(limit);
    const staged = await this.store.stage(body, limit);
    try {
      const existing = await this.models.findVersionBySha256(modelName, staged.sha256);
      if (existing) {
        await staged.discard();
        return { created: false, version: toModelVersionView(existing) };
      }
      const metadata = await inspectStaged(staged);
      await staged.commit();
      return await this.record(modelName, staged, metadata, uploaderId);
    } finally {
      await staged.discard(); // no-op after commit: the staged file has moved into the store
    }
  }

  private async record(
    modelName: string,
    staged: StagedArtifact,
    metadata: ModelMetadata,
    uploaderId: string | null,
  ): Promise<UploadResult> {
    const data = {
      modelName,
      sha256: staged.sha256,
      sizeBytes: staged.sizeBytes,
      metadata: metadata as object,
      createdById: uploaderId,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return { created: true, version: toModelVersionView(await this.models.createVersion(data)) };
      } catch (error) {
        const identical = await this.models.findVersionBySha256(modelName, staged.sha256);
        if (identical) return { created: false, version: toModelVersionView(identical) }; // a twin upload won
        if (isUniqueViolation(error, 'version') && attempt < VERSION_NUMBER_ATTEMPTS) continue;
        if (!(await this.models.isReferenced(staged.sha256))) await this.store.remove(staged.sha256);
        throw error;
      }
    }
  }
}

// Parsing needs the whole file in memory once; the upload itself never was (it streamed to disk).
async function inspectStaged(staged: StagedArtifact): Promise<ModelMetadata> {
  const model = readModel(await readFile(staged.localPath));
  validateModel(model);
  return inspectModel(model);
}
