import { Injectable } from '@nestjs/common';
import { DeploymentTarget, parseLabelSelector } from '@edgeplane/contracts';
import { DeviceRepository, TargetDeviceRow } from '@edgeplane/persistence';
import { HardwareProfilesService } from '@edgeplane/registry';
import { EmptyTargetError, UnknownTargetDevicesError } from '../rollout.errors';

/** Resolves a deployment's target to its devices: those matching every criterion given, by id. */
@Injectable()
export class DeploymentTargetsService {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly profiles: HardwareProfilesService,
  ) {}

  /**
   * Unknown profiles or device ids are 404s (a typo should not shrink a rollout silently);
   * decommissioned devices never match; a target that matches nothing is a 422.
   */
  async resolve(target: DeploymentTarget): Promise<TargetDeviceRow[]> {
    const selector = parseLabelSelector(target.selector ?? '');
    for (const profile of target.hardwareProfiles ?? []) await this.profiles.require(profile);
    if (target.deviceIds) {
      const unknown = await this.devices.unknownIds(target.deviceIds);
      if (unknown.length > 0) throw new UnknownTargetDevicesError(unknown);
    }
    const devices = await this.devices.findTargets({ selector, hardwareProfiles: target.hardwareProfiles, ids: target.deviceIds });
    if (devices.length === 0) throw new EmptyTargetError(describe(target));
    return devices;
  }
}

function describe(target: DeploymentTarget): string {
  const criteria = [
    target.selector !== undefined ? `selector "${target.selector}"` : null,
    target.hardwareProfiles ? `hardwareProfiles [${target.hardwareProfiles.join(', ')}]` : null,
    target.deviceIds ? `${target.deviceIds.length} deviceIds` : null,
  ];
  return criteria.filter((criterion) => criterion !== null).join(' and ');
}
