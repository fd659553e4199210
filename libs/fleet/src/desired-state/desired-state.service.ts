import { Injectable } from '@nestjs/common';
import { type Assignment, type DesiredState, type DesiredStateView, EdgeplaneError, type HardwareProfileSpec } from '@edgeplane/contracts';
import { DesiredRevisionRow, DesiredStateRepository, VariantRepository, VariantRow } from '@edgeplane/persistence';
import { VariantNotFoundError } from '@edgeplane/models';
import { DeviceDecommissionedError, DeviceNotFoundError, DevicesService, HardwareProfilesService } from '@edgeplane/registry';
import { isDeepStrictEqual } from 'node:util';
import {
  DuplicateModelAssignmentError,
  VariantNotDeployableError,
  VariantProfileMismatchError,
} from '../fleet.errors';
import { variantArtifactPath, variantSamplesPath } from '../artifacts/variant-artifact-paths';
import { AssignmentRequestDto, PutDesiredStateDto } from './dto/put-desired-state.dto';
import { VariantSigner } from '../signing/variant-signer.service';
import { DesiredStatePublisher } from './desired-state.publisher';

/** A deployable variant with the signed assignment that serves it. */
interface SignedVariant {
  variant: VariantRow;
  assignment: Assignment;
}

/** Writes and reads devices' desired states, for operators (PUT) and the rollout engine alike. */
@Injectable()
export class DesiredStateService {
  constructor(
    private readonly devices: DevicesService,
    private readonly profiles: HardwareProfilesService,
    private readonly variants: VariantRepository,
    private readonly revisions: DesiredStateRepository,
    private readonly publisher: DesiredStatePublisher,
    private readonly signer: VariantSigner,
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
      assignments.push(await this.signer.sign(toAssignment(await this.variantFor(profile, request.variantId), request, null)));
    }
    const models = assignments.map(({ model }) => model);
    const duplicate = models.find((model, index) => models.indexOf(model) !== index);
    if (duplicate) throw new DuplicateModelAssignmentError(duplicate);
    return this.write(deviceId, assignments, callerId);
  }

  /**
   * The assignment a deployment writes for each of its devices: the device's chosen variant, with the
   * same checks as `put` (device not decommissioned, variant accepted and built for its profile or
   * the profile's class); a device failing one gets the error instead. Reads each variant once.
   */
  async deploymentAssignments(deploymentId: string, devices: { deviceId: string; variantId: string }[]): Promise<Map<string, Assignment | EdgeplaneError>> {
    const rows = new Map((await this.devices.statusesOf(devices.map(({ deviceId }) => deviceId))).map((row) => [row.id, row]));
    const classOf = new Map((await this.profiles.list()).map((profile) => [profile.name, profile.class]));
    const variants = new Map<string, SignedVariant | EdgeplaneError>();
    const assignments = new Map<string, Assignment | EdgeplaneError>();
    for (const { deviceId, variantId } of devices) {
      if (!variants.has(variantId)) variants.set(variantId, await this.signedForDeployment(variantId, deploymentId).catch(refusalOnly));
      const device = rows.get(deviceId);
      const signed = variants.get(variantId)!;
      const profileClass = device && classOf.get(device.hardwareProfile);
      if (!device) assignments.set(deviceId, new DeviceNotFoundError(deviceId));
      else if (device.status === 'decommissioned') assignments.set(deviceId, new DeviceDecommissionedError(deviceId));
      else if (signed instanceof EdgeplaneError) assignments.set(deviceId, signed);
      else if (signed.variant.hardwareProfile !== device.hardwareProfile && signed.variant.hardwareProfile !== profileClass) {
        const { variant } = signed;
        assignments.set(deviceId, new VariantProfileMismatchError(variant.id, variant.hardwareProfile, device.hardwareProfile, profileClass ?? 'unknown'));
      } else assignments.set(deviceId, signed.assignment);
    }
    return assignments;
  }

  /** The deployable variant and its signed assignment: signed once per variant of a deployment, not per device. */
  private async signedForDeployment(variantId: string, deploymentId: string): Promise<SignedVariant> {
    const variant = await this.deployableVariant(variantId);
    return { variant, assignment: await this.signer.sign(toAssignment(variant, {}, deploymentId)) };
  }

  /**
   * Undoes a deployment's write of the model on the device: puts back `previous` (or removes the model's
   * assignment when it had none), keeping its other models' assignments. Only while the assignment of
   * the model is still the deployment's: one written since (an operator, a newer deployment) is left as
   * it is → false. Already restored → true without a new revision. Compare-and-set on the revision read.
   */
  async restoreForDeployment(deviceId: string, model: string, deploymentId: string, previous: Assignment | null): Promise<boolean> {
    await this.devices.require(deviceId);
    const current = await this.revisions.current(deviceId);
    const assignments = (current?.document as unknown as DesiredState | undefined)?.assignments ?? [];
    const ofModel = assignments.find((assignment) => assignment.model === model) ?? null;
    if (ofModel?.deploymentId !== deploymentId) return isDeepStrictEqual(unsigned(ofModel), unsigned(previous));
    const others = assignments.filter((assignment) => assignment.model !== model);
    const restored = previous && (await this.signer.refresh(previous));
    await this.write(deviceId, restored ? [...others, restored] : others, null, current!.revision);
    return true;
  }

  /** A new revision unless it equals the current one, then the retained message through the outbox. */
  private async write(deviceId: string, assignments: Assignment[], callerId: string | null, basedOn?: number): Promise<DesiredStateView> {
    const current = await this.revisions.current(deviceId);
    if (current && isDeepStrictEqual((current.document as unknown as DesiredState).assignments, assignments)) {
      await this.publisher.publish(deviceId);
      return toView(deviceId, await this.revisions.current(deviceId));
    }
    await this.revisions.append(deviceId, (revision): DesiredState => ({ revision, assignments }), callerId, basedOn);
    await this.publisher.publish(deviceId);
    return toView(deviceId, await this.revisions.current(deviceId));
  }

  /** The accepted variant, if it was built for the device's profile or the profile's class. */
  private async variantFor(profile: { name: string; class: string }, variantId: string): Promise<VariantRow> {
    const variant = await this.deployableVariant(variantId);
    if (variant.hardwareProfile !== profile.name && variant.hardwareProfile !== profile.class) {
      throw new VariantProfileMismatchError(variant.id, variant.hardwareProfile, profile.name, profile.class);
    }
    return variant;
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

/** A refusal (variant withdrawn, not accepted) is the devices' answer; anything else (the database) fails the call. */
function refusalOnly(error: unknown): EdgeplaneError {
  if (error instanceof EdgeplaneError) return error;
  throw error;
}

function toAssignment(variant: VariantRow, request: Pick<AssignmentRequestDto, 'runtime'>, deploymentId: string | null): Assignment {
  const spec = variant.profile as unknown as HardwareProfileSpec;
  return {
    deploymentId,
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

/** The assignment without its signature: a restored assignment may carry a newer signature than the one stored. */
function unsigned(assignment: Assignment | null): Omit<Assignment, 'signature'> | null {
  if (!assignment) return null;
  const { signature: _signature, ...rest } = assignment;
  return rest;
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
