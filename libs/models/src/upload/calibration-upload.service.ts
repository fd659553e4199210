import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ModelMetadata, ModelVersionView } from '@edgeplane/contracts';
import { ARTIFACT_STORE, ArtifactStore } from '@edgeplane/artifacts';
import { readCalibrationSet } from '@edgeplane/onnx';
import { ArtifactReferenceRepository, ModelRepository } from '@edgeplane/persistence';
import { EdgeplaneConfig } from '@edgeplane/platform';
import { ModelsService } from '../versions/models.service';
import { toModelVersionView } from '../versions/model-version.view';

/**
 * Attaches sample inputs to a version: staged and hashed like a model, checked against the
 * version's declared inputs, then stored. Variants compiled afterwards calibrate and verify on them.
 */
@Injectable()
export class CalibrationUploadService {
  constructor(
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly models: ModelsService,
    private readonly versions: ModelRepository,
    private readonly references: ArtifactReferenceRepository,
    private readonly config: EdgeplaneConfig,
  ) {}

  async upload(model: string, version: number, body: Readable): Promise<ModelVersionView> {
    const row = await this.models.requireVersion(model, version);
    const staged = await this.store.stage(body, this.config.EDGEPLANE_MODEL_UPLOAD_LIMIT);
    try {
      const samples = readCalibrationSet(await readFile(staged.localPath), row.metadata as unknown as ModelMetadata);
      await staged.commit();
      try {
        const set = { sha256: staged.sha256, samples: samples.length, sizeBytes: staged.sizeBytes };
        return toModelVersionView(await this.versions.setCalibration(row.id, set));
      } catch (error) {
        if (!(await this.references.isReferenced(staged.sha256))) await this.store.remove(staged.sha256);
        throw error;
      }
    } finally {
      await staged.discard();
    }
  }
}
