import { Injectable } from '@nestjs/common';
import type { Assignment, DesiredState, DesiredStateView, HardwareProfileSpec } from '@edgeplane/contracts';
import { DesiredRevisionRow, DesiredStateRepository, VariantRepository, VariantRow } from '@edgeplane/persistence';
import { VariantNotFoundError } from '@edgeplane/models';
import { DevicesService, HardwareProfilesService } from '@edgeplane/registry';
import { isDeepStrictEqual } from 'node:util';
import {
  DuplicateModelAssignmentError,
  VariantNotDeployableError,
  VariantProfileMismatchError,
} from '../fleet.errors';
import { variantArtifactPath, variantSamplesPath } from '../artifacts/variant-artifact-paths';
import { AssignmentRequestDto, PutDesiredStateDto } from './dto/put-desired-state.dto';
import { DesiredStatePublisher } from './desired-state.publisher';

/** Writes and reads devices' desired states; the rollout engine will write them the same way. */
@Injectable()
export class DesiredStateService {
  constructor(
    private readonly devices: DevicesService,
    private readonly profiles: HardwareProfilesService,
    private readonly variants: VariantRepository,
    private readonly revisions: DesiredStateRepository,
    private readonly publisher: DesiredStatePublisher,
  ) {}

  async get(deviceId: string): Promise<DesiredStateView> {
    await this.devices.require(deviceId);
    return toView(deviceId, await this.revisions.current(deviceId));
  }

  /**
   * Replaces the device's desired state: a new revision (unless it equals the current one), then
   * the retained message. Answers once the revision is stored; `publishedAt` says whether the broker
   * has it yet (if not, the outbox publishes it when the broker is back).
   */
  async put(deviceId: string, body: PutDesiredStateDto, callerId: string | null): Promise<DesiredStateView> {
    const device = await this.devices.requireActive(deviceId);
    const profile = await this.profiles.require(device.hardwareProfile);
    const assignments: Assignment[] = [];
    for (const request of body.assignments) {
      const variant = await this.deployableVariant(request.variantId);
      if (variant.hardwareProfile !== profile.name && variant.hardwareProfile !== profile.class) {
        throw new VariantProfileMismatchError(variant.id, variant.hardwareProfile, profile.name, profile.class);
      }
      assignments.push(toAssignment(variant, request));
    }
    const models = assignments.map(({ model }) => model);
    const duplicate = models.find((model, index) => models.indexOf(model) !== index);
    if (duplicate) throw new DuplicateModelAssignmentError(duplicate);

    const current = await this.revisions.current(deviceId);
    if (current && isDeepStrictEqual((current.document as unknown as DesiredState).assignments, assignments)) {
      await this.publisher.publish(deviceId);
      return toView(deviceId, await this.revisions.current(deviceId));
    }
    await this.revisions.append(deviceId, (revision): DesiredState => ({ revision, assignments }), callerId);
    await this.publisher.publish(deviceId);
    return toView(deviceId, await this.revisions.current(deviceId));
  }

  private async deployableVariant(id: string): Promise<VariantRow> {
    const variant = await this.variants.findById(id);
    if (!variant) throw new VariantNotFoundError(id);
    if (variant.status !== 'accepted' || !variant.sha256 || variant.sizeBytes === null) {
      throw new VariantNotDeployableError(id, variant.status, variant.reason);
    }
    return variant;
  }
}

function toAssignment(variant: VariantRow, request: AssignmentRequestDto): Assignment {
  const spec = variant.profile as unknown as HardwareProfileSpec;
  return {
    deploymentId: null,
    model: variant.modelVersion.model.name,
    modelVersion: variant.modelVersion.version,
    variantId: variant.id,
    hardwareProfile: variant.hardwareProfile,
    artifact: { url: variantArtifactPath(variant.id), sha256: variant.sha256!, sizeBytes: Number(variant.sizeBytes) },
    samples:
      variant.samplesSha256 && variant.samplesBytes !== null
        ? { url: variantSamplesPath(variant.id), sha256: variant.samplesSha256, sizeBytes: Number(variant.samplesBytes) }
        : null,
    runtime: {
      executionProviders: request.runtime?.executionProviders ?? spec.executionProviders,
      intraOpThreads: request.runtime?.intraOpThreads ?? 0,
    },
  };
}

function toView(deviceId: string, row: DesiredRevisionRow | null): DesiredStateView {
  const document = row?.document as unknown as DesiredState | undefined;
  return {
    deviceId,
    revision: row?.revision ?? 0,
    assignments: document?.assignments ?? [],
    publishedAt: row?.publishedAt?.toISOString() ?? null,
    createdAt: row?.createdAt.toISOString() ?? null,
  };
}
