import { Injectable } from '@nestjs/common';
import { DEVICE_STATUSES } from '@edgeplane/contracts';
import { DeviceRepository } from '@edgeplane/persistence';
import { fleetWideGauge, MetricsRegistry } from '@edgeplane/platform';

/** `edgeplane_devices{status, hardware_profile}`: the registry's devices, counted at scrape time. */
@Injectable()
export class DeviceMetrics {
  constructor(metrics: MetricsRegistry, devices: DeviceRepository) {
    fleetWideGauge(
      metrics,
      { name: 'devices', help: 'Devices in the registry by status and hardware profile.', labelNames: ['status', 'hardware_profile'] as const },
      async () => {
        const counts = await devices.countByStatusAndProfile();
        // Every status of every profile in use, zeros included, so "how many are offline" is 0 and not "no data".
        const profiles = [...new Set(counts.map(({ hardwareProfile }) => hardwareProfile))];
        return profiles.flatMap((profile) =>
          DEVICE_STATUSES.map((status) => ({
            labels: { status, hardware_profile: profile },
            value: counts.find((c) => c.hardwareProfile === profile && c.status === status)?.count ?? 0,
          })),
        );
      },
    );
  }
}
