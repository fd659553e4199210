import { Global, Module, OnApplicationBootstrap, Inject, Logger } from '@nestjs/common';
import { join, resolve } from 'node:path';
import { EdgeplaneConfig } from '@edgeplane/platform';
import { ARTIFACT_STORE, ArtifactStore } from './artifact-store';
import { FileSystemArtifactStore } from './filesystem-artifact-store';

/** Provides the process's ArtifactStore: files under `<EDGEPLANE_DATA_DIR>/artifacts`. */
@Global()
@Module({
  providers: [
    {
      provide: ARTIFACT_STORE,
      inject: [EdgeplaneConfig],
      useFactory: (config: EdgeplaneConfig): ArtifactStore =>
        new FileSystemArtifactStore(join(resolve(config.EDGEPLANE_DATA_DIR), 'artifacts')),
    },
  ],
  exports: [ARTIFACT_STORE],
})
export class ArtifactsModule implements OnApplicationBootstrap {
  private readonly logger = new Logger(ArtifactsModule.name);

  constructor(@Inject(ARTIFACT_STORE) private readonly store: ArtifactStore) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!(this.store instanceof FileSystemArtifactStore)) return;
    const removed = await this.store.removeAbandonedUploads();
    if (removed > 0) this.logger.log(`Removed ${removed} staged upload(s) abandoned by a stopped process.`);
  }
}
