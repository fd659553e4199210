import { Injectable } from '@nestjs/common';
import { HardwareProfile, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

export type HardwareProfileRow = HardwareProfile;
export type HardwareProfileData = Omit<HardwareProfile, 'createdAt' | 'updatedAt' | 'accuracyBudget'> & {
  accuracyBudget: Prisma.InputJsonObject;
};

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
    );
  }
}
