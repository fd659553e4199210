import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { ModelSummaryView, ModelVersionView } from '@edgeplane/contracts';
import { ARTIFACT_STORE, ArtifactStore } from '@edgeplane/artifacts';
import { ModelRepository, ModelVersionRow } from '@edgeplane/persistence';
import { ModelNotFoundError, ModelVersionNotFoundError } from '../model.errors';
import { toModelVersionView } from './model-version.view';

@Injectable()
export class ModelsService {
  constructor(
    private readonly models: ModelRepository,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
  ) {}

  async list(): Promise<ModelSummaryView[]> {
    return (await this.models.listModels()).map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
  }

  async versions(name: string): Promise<ModelVersionView[]> {
    const rows = await this.models.listVersions(name);
    if (rows.length === 0 && !(await this.models.modelExists(name))) throw new ModelNotFoundError(name);
    return rows.map(toModelVersionView);
  }

  async version(name: string, version: number): Promise<ModelVersionView> {
    return toModelVersionView(await this.requireVersion(name, version));
  }

  /** The stored version, or an error saying whether the model or only the version is missing. */
  async requireVersion(name: string, version: number): Promise<ModelVersionRow> {
    const row = await this.models.findVersion(name, version);
    if (row) return row;
    if (!(await this.models.modelExists(name))) throw new ModelNotFoundError(name);
    throw new ModelVersionNotFoundError(name, version);
  }

  /** The uploaded ONNX file of a version, as stored. */
  async download(name: string, version: number): Promise<{ view: ModelVersionView; body: Readable }> {
    const view = await this.version(name, version);
    return { view, body: await this.store.open(view.sha256) };
  }
}
