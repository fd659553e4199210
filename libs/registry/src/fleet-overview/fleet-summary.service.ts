import { Injectable } from '@nestjs/common';
import { DEVICE_STATUSES, DeviceStatus, DeviceStatusCounts, FleetSummaryView } from '@edgeplane/contracts';
import { DeviceRepository, HardwareProfileRepository } from '@edgeplane/persistence';

type Count = { status: DeviceStatus; hardwareProfile: string; count: number };

/** Counts the fleet by status and hardware profile for the console's overview. */
@Injectable()
export class FleetSummaryService {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly profiles: HardwareProfileRepository,
  ) {}

  async summary(): Promise<FleetSummaryView> {
    // One grouped scan of the devices; the profiles table adds those without devices.
    const [counts, profiles] = await Promise.all([this.devices.countByStatusAndProfile(), this.profiles.list()]);
    const byProfile = profiles
      .map((profile) => ({ name: profile.name, hardwareClass: profile.class as string }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map(({ name, hardwareClass }) => {
        const byStatus = statusCounts(counts.filter((count) => count.hardwareProfile === name));
        return { profile: name, hardwareClass, total: inService(byStatus), byStatus };
      });
    const byStatus = statusCounts(counts);
    return { total: inService(byStatus), byStatus, byProfile };
  }
}

function statusCounts(counts: Count[]): DeviceStatusCounts {
  const byStatus = Object.fromEntries(DEVICE_STATUSES.map((status) => [status, 0])) as DeviceStatusCounts;
  for (const { status, count } of counts) byStatus[status] += count;
  return byStatus;
}

/** Decommissioned devices are history, not fleet: they are left out of totals (FleetSummaryView). */
function inService(byStatus: DeviceStatusCounts): number {
  return DEVICE_STATUSES.filter((status) => status !== 'decommissioned').reduce((sum, status) => sum + byStatus[status], 0);
}
