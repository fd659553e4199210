import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ModelMetadata, ModelVersionView } from '@edgeplane/contracts';
import { ARTIFACT_STORE, ArtifactStore, ArtifactTooLargeError, StagedArtifact } from '@edgeplane/artifacts';
import { inspectModel, readModel, validateModel } from '@edgeplane/onnx';
import { ArtifactReferenceRepository, isUniqueViolation, ModelRepository, ModelVersionRow } from '@edgeplane/persistence';
import { EdgeplaneConfig } from '@edgeplane/platform';
import { IncompatibleTeacherError } from '../model.errors';
import { toModelVersionView } from '../versions/model-version.view';
import { ModelsService } from '../versions/models.service';

/** Who uploads, how much they declared, and the version the upload was distilled from. */
export interface UploadRequest {
  declaredBytes: number | null;
  uploaderId: string | null;
  teacher?: { model: string; version: number };
}

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
    private readonly versions: ModelsService,
    private readonly references: ArtifactReferenceRepository,
    private readonly config: EdgeplaneConfig,
  ) {}

  async upload(modelName: string, body: Readable, request: UploadRequest): Promise<UploadResult> {
    const limit = this.config.EDGEPLANE_MODEL_UPLOAD_LIMIT;
    if (request.declaredBytes !== null && request.declaredBytes > limit) throw new ArtifactTooLargeError(limit);
    const teacher = request.teacher && (await this.versions.requireVersion(request.teacher.model, request.teacher.version));
    const staged = await this.store.stage(body, limit);
    try {
      const existing = await this.models.findVersionBySha256(modelName, staged.sha256);
      if (existing) {
        await staged.discard();
        return { created: false, version: toModelVersionView(existing) };
      }
      const metadata = await inspectStaged(staged);
      if (teacher) assertSameInterface(teacher, metadata);
      await staged.commit();
      return await this.record(modelName, staged, metadata, { uploaderId: request.uploaderId, teacherId: teacher?.id ?? null });
    } finally {
      await staged.discard(); // no-op after commit: the staged file has moved into the store
    }
  }

  private async record(
    modelName: string,
    staged: StagedArtifact,
    metadata: ModelMetadata,
    by: { uploaderId: string | null; teacherId: string | null },
  ): Promise<UploadResult> {
    const data = {
      modelName,
      sha256: staged.sha256,
      sizeBytes: staged.sizeBytes,
      metadata: metadata as object,
      createdById: by.uploaderId,
      teacherVersionId: by.teacherId,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return { created: true, version: toModelVersionView(await this.models.createVersion(data)) };
      } catch (error) {
        const identical = await this.models.findVersionBySha256(modelName, staged.sha256);
        if (identical) return { created: false, version: toModelVersionView(identical) }; // a twin upload won
        if (isUniqueViolation(error, 'version') && attempt < VERSION_NUMBER_ATTEMPTS) continue;
        if (!(await this.references.isReferenced(staged.sha256))) await this.store.remove(staged.sha256);
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

/** Agreement is measured by feeding both the same inputs and comparing outputs by name. */
function assertSameInterface(teacher: ModelVersionRow, student: ModelMetadata): void {
  const label = `${teacher.model.name} version ${teacher.version}`;
  const theirs = teacher.metadata as unknown as ModelMetadata;
  const names = (tensors: { name: string; elementType: string }[]) => tensors.map((t) => `${t.name}:${t.elementType}`).sort().join(', ');
  if (names(theirs.inputs) !== names(student.inputs)) {
    throw new IncompatibleTeacherError(label, `it takes ${names(theirs.inputs)}, this model takes ${names(student.inputs)}`);
  }
  if (names(theirs.outputs) !== names(student.outputs)) {
    throw new IncompatibleTeacherError(label, `it gives ${names(theirs.outputs)}, this model gives ${names(student.outputs)}`);
  }
}
