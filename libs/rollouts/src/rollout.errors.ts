import { EdgeplaneError } from '@edgeplane/contracts';

export class DeploymentNotFoundError extends EdgeplaneError {
  constructor(id: string) {
    super('not_found', 'deployment.not_found', `No deployment with id ${id}.`);
  }
}

export class EmptyTargetError extends EdgeplaneError {
  constructor(criteria: string) {
    super(
      'unprocessable',
      'deployment.empty_target',
      `empty target: no device (other than decommissioned ones) matches ${criteria}; check the criteria with GET /api/v1/devices.`,
    );
  }
}

export class UnknownTargetDevicesError extends EdgeplaneError {
  constructor(ids: string[]) {
    super('not_found', 'deployment.unknown_devices', `target.deviceIds: no device with id ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` (and ${ids.length - 5} more)` : ''}.`, {
      deviceIds: ids,
    });
  }
}

/** One active deployment that shares devices with a new one. */
export interface DeploymentConflict {
  deploymentId: string;
  overlappingDevices: number;
  /** The first few shared device ids. */
  deviceIds: string[];
}

export class DeploymentConflictError extends EdgeplaneError {
  constructor(model: string, conflicts: DeploymentConflict[]) {
    const described = conflicts
      .map((c) => `${c.deploymentId} (${c.overlappingDevices} device${c.overlappingDevices === 1 ? '' : 's'}, e.g. ${c.deviceIds.join(', ')})`)
      .join('; ');
    super(
      'conflict',
      'deployment.conflict',
      `Active deployment(s) of model "${model}" already cover some of these devices: ${described}. ` +
        'A device takes one active deployment per model: wait for it to finish, or send "supersede": true to replace it.',
      { conflicts },
    );
  }
}

export class NothingToDeployError extends EdgeplaneError {
  constructor(model: string, version: number, targeted: number, reasons: string[]) {
    super(
      'unprocessable',
      'deployment.nothing_to_deploy',
      `None of the ${targeted} targeted device(s) can run ${model}@${version}: ${reasons.join('; ')}. ` +
        'Compile the version for their hardware profiles (POST /api/v1/models/{name}/versions/{version}/compile) and wait for accepted variants.',
      { targeted },
    );
  }
}

/** An operator action the deployment's current state does not allow (409). */
export class DeploymentStateConflictError extends EdgeplaneError {
  constructor(id: string, action: string, state: string, allowed: string[], hint: string) {
    super(
      'conflict',
      'deployment.invalid_state',
      `Cannot ${action} deployment ${id}: it is ${state}; ${action} applies to a deployment that is ${allowed.join(' or ')}. ${hint}`,
      { action, state, allowedStates: allowed },
    );
  }
}

/** Promote on a running deployment with no bake left to end (409). */
export class NothingToPromoteError extends EdgeplaneError {
  constructor(id: string, bakingWave: { index: number; bakeUntil: Date | null } | null) {
    const why = bakingWave
      ? `the bake of wave ${bakingWave.index} has already ended (${bakingWave.bakeUntil?.toISOString() ?? 'now'}); its gates are being judged`
      : 'none of its waves is baking (a wave still applying bakes once its devices have reported active or failed)';
    super('conflict', 'deployment.not_baking', `Cannot promote deployment ${id}: ${why}. Promote ends a running bake early.`, { wave: bakingWave?.index ?? null });
  }
}
