import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { DesiredState } from '@edgeplane/contracts';
import { ARTIFACT_STORE, ArtifactStore } from '@edgeplane/artifacts';
import { DesiredStateRepository, VariantRepository } from '@edgeplane/persistence';
import { VariantNotFoundError } from '@edgeplane/models';
import { ArtifactMissingError, VariantNotAssignedError } from '../fleet.errors';

/** The two files a device downloads for a variant. */
export type VariantFile = 'artifact' | 'samples';

/** A stored file ready to be served: its address and size. */
export interface ServableFile {
  sha256: string;
  sizeBytes: number;
  open(range?: { start: number; end: number }): Promise<Readable>;
}

/**
 * Finds a variant's files for a download, deciding who may have them: an operator key may download
 * any variant; a device only the variants its current desired state assigns to it.
 */
@Injectable()
export class VariantArtifactsService {
  constructor(
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly variants: VariantRepository,
    private readonly desired: DesiredStateRepository,
  ) {}

  async resolve(variantId: string, file: VariantFile, deviceId: string | undefined): Promise<ServableFile> {
    const variant = await this.variants.findById(variantId);
    if (!variant) throw new VariantNotFoundError(variantId);
    if (deviceId !== undefined) await this.assertAssigned(variantId, deviceId);
    const sha256 = file === 'artifact' ? variant.sha256 : variant.samplesSha256;
    const sizeBytes = file === 'artifact' ? variant.sizeBytes : variant.samplesBytes;
    if (!sha256 || sizeBytes === null) throw new ArtifactMissingError(variantId, file === 'artifact' ? 'compiled file (yet)' : 'self-test samples');
    return { sha256, sizeBytes: Number(sizeBytes), open: (range) => this.store.open(sha256, range) };
  }

  private async assertAssigned(variantId: string, deviceId: string): Promise<void> {
    const current = await this.desired.current(deviceId);
    const assignments = (current?.document as unknown as DesiredState | undefined)?.assignments ?? [];
    if (!assignments.some((assignment) => assignment.variantId === variantId)) throw new VariantNotAssignedError(variantId);
  }
}
