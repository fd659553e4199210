import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ModelMetadata, ModelVersionView } from '@edgeplane/contracts';
import { ARTIFACT_STORE, ArtifactStore, ArtifactTooLargeError, StagedArtifact } from '@edgeplane/artifacts';
import { inspectModel, InvalidOnnxModelError, readModelSkeleton, validateModel } from '@edgeplane/onnx';
import { ArtifactReferenceRepository, isUniqueViolation, ModelRepository, ModelVersionRow } from '@edgeplane/persistence';
import { EdgeplaneConfig, ModelVersionRef, RequestValidationError } from '@edgeplane/platform';
import { IncompatibleTeacherError } from '../model.errors';
import { toModelVersionView } from '../versions/model-version.view';
import { ModelsService } from '../versions/models.service';
import { readModelForm } from './model-form';
import { findTextWithNul } from './text-with-nul';

/** Who uploads, how much they declared, and the version the upload was distilled from. */
export interface UploadRequest {
  /** The request's Content-Length, when the client sent one. */
  declaredBytes: number | null;
  uploaderId: string | null;
  /** The teacher as the query names it; a form may name it instead. */
  teacher?: ModelVersionRef;
}

/** What an upload produced: a new version, or the existing one with identical bytes. */
export interface UploadResult {
  created: boolean;
  version: ModelVersionView;
}

// Concurrent uploads of different files to one model race for the next version number.
const VERSION_NUMBER_ATTEMPTS = 3;
// A model form's boundaries, part headers and teacher field come to far less than this.
const FORM_OVERHEAD_BYTES = 64 * 1024;

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

  /** A raw upload: the request body is the ONNX file. */
  async upload(modelName: string, body: Readable, request: UploadRequest): Promise<UploadResult> {
    this.refuseDeclaredSize(request.declaredBytes, 0);
    const teacher = await this.teacherVersion(request.teacher);
    const staged = await this.store.stage(body, this.limit);
    return this.register(modelName, staged, request.uploaderId, teacher);
  }

  /** A multipart/form-data upload: the ONNX file in field `model`, the teacher in the query or the form. */
  async uploadForm(modelName: string, form: IncomingMessage, request: UploadRequest): Promise<UploadResult> {
    this.refuseDeclaredSize(request.declaredBytes, FORM_OVERHEAD_BYTES);
    const { staged, teacher: named } = await readModelForm(form, (file) => this.store.stage(file, this.limit));
    const teacher = await this.teacherVersion(oneTeacher(request.teacher, named)).catch(async (error: unknown) => {
      await staged.discard();
      throw error;
    });
    return this.register(modelName, staged, request.uploaderId, teacher);
  }

  private get limit(): number {
    return this.config.EDGEPLANE_MODEL_UPLOAD_LIMIT;
  }

  /** Refuses at once, before reading a byte, a request that says it is larger than the limit allows. */
  private refuseDeclaredSize(declaredBytes: number | null, overheadBytes: number): void {
    if (declaredBytes !== null && declaredBytes > this.limit + overheadBytes) throw new ArtifactTooLargeError(this.limit);
  }

  private async teacherVersion(ref: ModelVersionRef | undefined): Promise<ModelVersionRow | undefined> {
    return ref && (await this.versions.requireVersion(ref.model, ref.version));
  }

  /** Validates the staged file and records it as a version; on any failure nothing stays staged. */
  private async register(
    modelName: string,
    staged: StagedArtifact,
    uploaderId: string | null,
    teacher: ModelVersionRow | undefined,
  ): Promise<UploadResult> {
    try {
      const existing = await this.models.findVersionBySha256(modelName, staged.sha256);
      if (existing) {
        await staged.discard();
        return { created: false, version: toModelVersionView(existing) };
      }
      const metadata = await inspectStaged(staged);
      if (teacher) assertSameInterface(teacher, metadata);
      await staged.commit();
      return await this.record(modelName, staged, metadata, { uploaderId, teacherId: teacher?.id ?? null });
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

// A skeleton leaves the tensor data on disk: a 2 GiB upload is checked without being held in memory.
async function inspectStaged(staged: StagedArtifact): Promise<ModelMetadata> {
  const model = await readModelSkeleton(staged.localPath);
  validateModel(model);
  const metadata = inspectModel(model);
  const nul = findTextWithNul(metadata);
  if (nul) {
    throw new InvalidOnnxModelError(
      `${nul.path} ${JSON.stringify(nul.text)} holds a NUL character, which no name in a model may contain; the file is corrupt or was written by a faulty exporter`,
      { reason: 'nul_character', path: nul.path },
    );
  }
  return metadata;
}

/** The teacher named in the query or in the form; naming two different ones is refused. */
function oneTeacher(query: ModelVersionRef | undefined, form: ModelVersionRef | undefined): ModelVersionRef | undefined {
  if (query && form && (query.model !== form.model || query.version !== form.version)) {
    const problem = `the query names ${query.model}@${query.version} and the form ${form.model}@${form.version}; name one`;
    throw new RequestValidationError([{ field: 'teacher', problems: [problem] }]);
  }
  return query ?? form;
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
