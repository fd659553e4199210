import { EdgeplaneError } from '@edgeplane/contracts';

export class VariantNotDeployableError extends EdgeplaneError {
  constructor(id: string, status: string, reason: string | null) {
    super(
      'conflict',
      'variant.not_deployable',
      `Variant ${id} is ${status}${reason ? ` (${reason})` : ''}; only accepted variants can be assigned to devices.`,
      { variantId: id, status },
    );
  }
}

export class VariantProfileMismatchError extends EdgeplaneError {
  constructor(variantId: string, variantProfile: string, deviceProfile: string, deviceClass: string) {
    super(
      'conflict',
      'desired.profile_mismatch',
      `Variant ${variantId} is built for hardware profile "${variantProfile}"; the device is "${deviceProfile}" ` +
        `(class ${deviceClass}), which runs variants built for "${deviceProfile}" or "${deviceClass}".`,
      { variantId, variantProfile, deviceProfile },
    );
  }
}

export class DuplicateModelAssignmentError extends EdgeplaneError {
  constructor(model: string) {
    super('invalid', 'desired.duplicate_model', `Two assignments serve model "${model}"; a device serves one variant per model.`, {
      model,
    });
  }
}

export class VariantNotAssignedError extends EdgeplaneError {
  constructor(variantId: string) {
    super('forbidden', 'variant.not_assigned', `Variant ${variantId} is not in this device's desired state.`);
  }
}

export class ArtifactMissingError extends EdgeplaneError {
  constructor(variantId: string, what: string) {
    super('not_found', 'variant.artifact_missing', `Variant ${variantId} has no ${what}.`);
  }
}
