import type { DeploymentTarget, DeviceView, Page as ResultPage } from '../../api/views';
import { SLOW_REFRESH_MS, useApiQuery } from '../../api/hooks';

/** GET /devices pages hold at most this many; larger targets show some devices by id. */
const NAME_LOOKUP_LIMIT = 500;

/**
 * Names of a deployment's devices, which its view lists by id only. One GET /devices narrowed the
 * way the target is (its selector, its single profile) covers the targeted devices of any rollout
 * up to 500 devices; a device not found is shown by its id.
 */
export function useDeviceNames(target: DeploymentTarget): Map<string, string> {
  const profile = target.hardwareProfiles?.length === 1 ? target.hardwareProfiles[0] : undefined;
  const devices = useApiQuery<ResultPage<DeviceView>>(
    '/devices',
    { selector: target.selector, hardwareProfile: profile, limit: NAME_LOOKUP_LIMIT },
    { refreshMs: SLOW_REFRESH_MS },
  );
  return new Map((devices.data?.items ?? []).map((device) => [device.id, device.name]));
}
