import { Injectable } from '@nestjs/common';
import type { LabelSelector } from '@edgeplane/contracts';
import { DeviceStatus, HardwareClass, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { labelSelectorWhere } from './label-selector.where';

const withLabels = { labels: { orderBy: { key: 'asc' } } } satisfies Prisma.DeviceInclude;
export type DeviceRow = Prisma.DeviceGetPayload<{ include: typeof withLabels }>;

export type DeviceSortKey = 'name' | 'createdAt';

/** Filters, stable order and keyset position of one page of devices. */
export interface DeviceListQuery {
  selector: LabelSelector;
  status?: DeviceStatus;
  hardwareProfile?: string;
  sort: DeviceSortKey;
  order: 'asc' | 'desc';
  /** Sort value and id of the last device of the previous page. */
  after?: { value: string | Date; id: string };
  limit: number;
}

/** Devices a deployment targets: not decommissioned, and matching every criterion given. */
export interface DeviceTargetQuery {
  selector: LabelSelector;
  hardwareProfiles?: string[];
  ids?: string[];
}

/** A targeted device with its profile's class, for choosing its variant. */
export interface TargetDeviceRow {
  id: string;
  hardwareProfile: string;
  profile: { class: HardwareClass };
}

export interface NewDevice {
  name: string;
  hardwareProfile: string;
  labels: Record<string, string>;
}

/** Label changes in merge-patch form: `set` adds or overwrites, `remove` deletes keys. */
export interface DeviceChanges {
  name?: string;
  hardwareProfile?: string;
  setLabels?: Record<string, string>;
  removeLabels?: string[];
}

@Injectable()
export class DeviceRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Creates the device, its labels and its first credential in one transaction. `brokerPasswordSealed`
   * (mosquitto-dynsec mode) waits on the credential until the broker has it: see BrokerClientSyncRepository.
   */
  create(device: NewDevice, secretHash: string, brokerPasswordSealed?: Uint8Array<ArrayBuffer>): Promise<{ device: DeviceRow; credentialId: string }> {
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.device.create({
        data: {
          name: device.name,
          hardwareProfile: device.hardwareProfile,
          labels: { create: toLabelRows(device.labels) },
        },
        include: withLabels,
      });
      const credential = await tx.deviceCredential.create({ data: { deviceId: created.id, secretHash, brokerPasswordSealed } });
      return { device: created, credentialId: credential.id };
    });
  }

  /** How many devices there are per status and hardware profile (one grouped scan, for the metrics scrape). */
  async countByStatusAndProfile(): Promise<{ status: DeviceStatus; hardwareProfile: string; count: number }[]> {
    const groups = await this.prisma.device.groupBy({ by: ['status', 'hardwareProfile'], _count: { _all: true } });
    return groups.map(({ status, hardwareProfile, _count }) => ({ status, hardwareProfile, count: _count._all }));
  }

  findById(id: string): Promise<DeviceRow | null> {
    return this.prisma.device.findUnique({ where: { id }, include: withLabels });
  }

  /** One page in the requested order, `id` breaking ties so that the order is total and stable. */
  list(query: DeviceListQuery): Promise<DeviceRow[]> {
    const filters: Prisma.DeviceWhereInput[] = [...labelSelectorWhere(query.selector)];
    if (query.status) filters.push({ status: query.status });
    if (query.hardwareProfile) filters.push({ hardwareProfile: query.hardwareProfile });
    if (query.after) filters.push(keysetAfter(query.sort, query.order, query.after));
    return this.prisma.device.findMany({
      where: { AND: filters },
      orderBy: [{ [query.sort]: query.order }, { id: query.order }],
      take: query.limit,
      include: withLabels,
    });
  }

  /** Every device matching the query, by id. */
  findTargets(query: DeviceTargetQuery): Promise<TargetDeviceRow[]> {
    const filters: Prisma.DeviceWhereInput[] = [...labelSelectorWhere(query.selector), { status: { not: 'decommissioned' } }];
    if (query.hardwareProfiles) filters.push({ hardwareProfile: { in: query.hardwareProfiles } });
    if (query.ids) filters.push({ id: { in: query.ids } });
    return this.prisma.device.findMany({
      where: { AND: filters },
      orderBy: { id: 'asc' },
      select: { id: true, hardwareProfile: true, profile: { select: { class: true } } },
    });
  }

  /** What a desired-state write checks of each device: that it exists, its status and its profile. */
  findStatusesByIds(ids: string[]): Promise<Pick<DeviceRow, 'id' | 'status' | 'hardwareProfile'>[]> {
    return this.prisma.device.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, hardwareProfile: true } });
  }

  /** Those of `ids` that name no device at all. */
  async unknownIds(ids: string[]): Promise<string[]> {
    const known = await this.prisma.device.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const found = new Set(known.map((row) => row.id));
    return ids.filter((id) => !found.has(id));
  }

  update(id: string, changes: DeviceChanges): Promise<DeviceRow> {
    return this.prisma.$transaction(async (tx) => {
      const removed = [...(changes.removeLabels ?? []), ...Object.keys(changes.setLabels ?? {})];
      if (removed.length > 0) {
        await tx.deviceLabel.deleteMany({ where: { deviceId: id, key: { in: removed } } });
      }
      return tx.device.update({
        where: { id },
        data: {
          name: changes.name,
          hardwareProfile: changes.hardwareProfile,
          labels: { create: toLabelRows(changes.setLabels ?? {}) },
        },
        include: withLabels,
      });
    });
  }

  /** Marks the device decommissioned and revokes its active credentials; the rows stay as history. */
  decommission(id: string, at: Date): Promise<DeviceRow> {
    return this.prisma.$transaction(async (tx) => {
      await tx.deviceCredential.updateMany({
        where: { deviceId: id, revokedAt: null },
        data: { revokedAt: at, revokeReason: 'decommissioned', brokerPasswordSealed: null },
      });
      return tx.device.update({
        where: { id },
        data: { status: 'decommissioned', decommissionedAt: at },
        include: withLabels,
      });
    });
  }

  /** Revokes the device's active credentials and stores a new one (and its sealed broker password), atomically. */
  replaceCredential(deviceId: string, secretHash: string, at: Date, brokerPasswordSealed?: Uint8Array<ArrayBuffer>): Promise<string> {
    return this.prisma.$transaction(async (tx) => {
      await tx.deviceCredential.updateMany({
        where: { deviceId, revokedAt: null },
        data: { revokedAt: at, revokeReason: 'reissued', brokerPasswordSealed: null },
      });
      const credential = await tx.deviceCredential.create({ data: { deviceId, secretHash, brokerPasswordSealed } });
      return credential.id;
    });
  }

  listCredentials(deviceId: string) {
    return this.prisma.deviceCredential.findMany({
      where: { deviceId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true, createdAt: true, revokedAt: true, revokeReason: true },
    });
  }

  /** The device an active credential belongs to (MQTT and artifact-download authentication). */
  async findByActiveCredential(secretHash: string): Promise<DeviceRow | null> {
    const credential = await this.prisma.deviceCredential.findFirst({
      where: { secretHash, revokedAt: null },
      include: { device: { include: withLabels } },
    });
    return credential?.device ?? null;
  }
}

function toLabelRows(labels: Record<string, string>) {
  return Object.entries(labels).map(([key, value]) => ({ key, value }));
}

function keysetAfter(
  sort: DeviceSortKey,
  order: 'asc' | 'desc',
  after: { value: string | Date; id: string },
): Prisma.DeviceWhereInput {
  const beyond = order === 'asc' ? 'gt' : 'lt';
  return {
    OR: [
      { [sort]: { [beyond]: after.value } },
      { [sort]: after.value, id: { [beyond]: after.id } },
    ],
  };
}
