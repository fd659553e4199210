import { Injectable } from '@nestjs/common';
import { DeviceCapabilities, DeviceView, Page, parseLabelSelector } from '@edgeplane/contracts';
import { DeviceRepository, DeviceRow, isUniqueViolation } from '@edgeplane/persistence';
import { BrokerAccessService } from '../broker-access/broker-access.service';
import { HardwareProfilesService } from '../hardware-profiles/hardware-profiles.service';
import { newDeviceSecret } from './device-secret';
import { decodeDeviceCursor, encodeDeviceCursor } from './device-cursor';
import { DeviceDecommissionedError, DeviceNameTakenError, DeviceNotFoundError } from './device.errors';
import { ListDevicesQuery } from './dto/list-devices.query';
import { ProvisionDeviceDto } from './dto/provision-device.dto';
import { ProvisionedDeviceDto } from './dto/device.dto';
import { UpdateDeviceDto } from './dto/update-device.dto';

@Injectable()
export class DevicesService {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly profiles: HardwareProfilesService,
    private readonly brokerAccess: BrokerAccessService,
  ) {}

  /**
   * Registers a device and returns its credentials; this is the only time the secret is shown. With a
   * managed broker, the device's broker client exists when this returns (or, broker down, soon after).
   */
  async provision(body: ProvisionDeviceDto): Promise<ProvisionedDeviceDto> {
    await this.profiles.require(body.hardwareProfile);
    const secret = newDeviceSecret();
    try {
      const { device, credentialId } = await this.devices.create(
        { name: body.name, hardwareProfile: body.hardwareProfile, labels: body.labels ?? {} },
        secret.hash,
        this.brokerAccess.sealForBroker(secret.token),
      );
      await this.brokerAccess.syncDevice(device.id);
      return {
        device: toDeviceView(device),
        credentials: { credentialId, username: device.id, secret: secret.token },
      };
    } catch (error) {
      if (isUniqueViolation(error, 'name')) throw new DeviceNameTakenError(body.name);
      throw error;
    }
  }

  async get(id: string): Promise<DeviceView> {
    return toDeviceView(await this.require(id));
  }

  async list(query: ListDevicesQuery): Promise<Page<DeviceView>> {
    const selector = parseLabelSelector(query.selector ?? '');
    const after = query.cursor ? decodeDeviceCursor(query.cursor, query.sort, query.order) : undefined;
    // One row beyond the page tells whether a next page exists without a COUNT.
    const rows = await this.devices.list({
      selector,
      status: query.status,
      hardwareProfile: query.hardwareProfile,
      sort: query.sort,
      order: query.order,
      after: after && {
        id: after.id,
        value: query.sort === 'createdAt' ? new Date(after.value) : after.value,
      },
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > query.limit && last
        ? encodeDeviceCursor({ sort: query.sort, order: query.order, id: last.id, value: sortValue(last, query.sort) })
        : null;
    return { items: items.map(toDeviceView), nextCursor };
  }

  async update(id: string, body: UpdateDeviceDto): Promise<DeviceView> {
    await this.requireActive(id);
    if (body.hardwareProfile !== undefined) await this.profiles.require(body.hardwareProfile);
    const labels = Object.entries(body.labels ?? {});
    try {
      const row = await this.devices.update(id, {
        name: body.name,
        hardwareProfile: body.hardwareProfile,
        setLabels: Object.fromEntries(labels.filter(([, value]) => value !== null)) as Record<string, string>,
        removeLabels: labels.filter(([, value]) => value === null).map(([key]) => key),
      });
      return toDeviceView(row);
    } catch (error) {
      if (body.name !== undefined && isUniqueViolation(error, 'name')) throw new DeviceNameTakenError(body.name);
      throw error;
    }
  }

  /**
   * Retires the device: credentials revoked at once (a managed broker drops its client and live
   * connection), the record kept. Repeating it changes nothing but checks the broker again.
   */
  async decommission(id: string): Promise<DeviceView> {
    const device = await this.require(id);
    const retired = device.status === 'decommissioned' ? device : await this.devices.decommission(id, new Date());
    await this.brokerAccess.syncDevice(id);
    return toDeviceView(retired);
  }

  async require(id: string): Promise<DeviceRow> {
    const row = await this.devices.findById(id);
    if (!row) throw new DeviceNotFoundError(id);
    return row;
  }

  /** Id, status and hardware profile of those of `ids` that exist (any status), in no particular order. */
  statusesOf(ids: string[]): Promise<Pick<DeviceRow, 'id' | 'status' | 'hardwareProfile'>[]> {
    return this.devices.findStatusesByIds(ids);
  }

  async requireActive(id: string): Promise<DeviceRow> {
    const row = await this.require(id);
    if (row.status === 'decommissioned') throw new DeviceDecommissionedError(id);
    return row;
  }
}

function sortValue(row: DeviceRow, sort: 'name' | 'createdAt'): string {
  return sort === 'name' ? row.name : row.createdAt.toISOString();
}

export function toDeviceView(row: DeviceRow): DeviceView {
  return {
    id: row.id,
    name: row.name,
    hardwareProfile: row.hardwareProfile,
    labels: Object.fromEntries(row.labels.map((label) => [label.key, label.value])),
    status: row.status,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    agentVersion: row.agentVersion,
    capabilities: (row.capabilities as DeviceCapabilities | null) ?? null,
    decommissionedAt: row.decommissionedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
