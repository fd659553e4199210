import { Injectable } from '@nestjs/common';
import { HardwareProfile, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

export type HardwareProfileRow = HardwareProfile;
export type HardwareProfileData = Omit<HardwareProfile, 'createdAt' | 'updatedAt' | 'accuracyBudget'> & {
  accuracyBudget: Prisma.InputJsonObject;
};

/**
 * Limits of the start-up sync's transaction. It opens the process's first database connection, and a
 * replica starting at the same moment may hold the same rows: on a busy host Prisma's defaults (2 s to
 * start, 5 s to finish) stopped the controller at boot (P2028). A start can afford to wait.
 */
const START_UP_TRANSACTION = { maxWait: 30_000, timeout: 30_000 };

@Injectable()
export class HardwareProfileRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(): Promise<HardwareProfileRow[]> {
    return this.prisma.hardwareProfile.findMany({ orderBy: [{ builtIn: 'desc' }, { name: 'asc' }] });
  }

  findByName(name: string): Promise<HardwareProfileRow | null> {
    return this.prisma.hardwareProfile.findUnique({ where: { name } });
  }

  create(data: HardwareProfileData): Promise<HardwareProfileRow> {
    return this.prisma.hardwareProfile.create({ data });
  }

  update(name: string, data: Prisma.HardwareProfileUpdateInput): Promise<HardwareProfileRow> {
    return this.prisma.hardwareProfile.update({ where: { name }, data });
  }

  delete(name: string): Promise<HardwareProfileRow> {
    return this.prisma.hardwareProfile.delete({ where: { name } });
  }

  countDevices(name: string): Promise<number> {
    return this.prisma.device.count({ where: { hardwareProfile: name } });
  }

  /** Writes the given profiles, replacing what a row of the same name holds (start-up sync). */
  async upsertAll(profiles: HardwareProfileData[]): Promise<void> {
    await this.prisma.$transaction(
      profiles.map((data) =>
        this.prisma.hardwareProfile.upsert({ where: { name: data.name }, create: data, update: data }),
      ),
      START_UP_TRANSACTION,
    );
  }
}
