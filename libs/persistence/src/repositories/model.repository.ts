import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

const withModel = {
  model: { select: { name: true } },
  teacher: { select: { version: true, sha256: true, model: { select: { name: true } } } },
} satisfies Prisma.ModelVersionInclude;
export type ModelVersionRow = Prisma.ModelVersionGetPayload<{ include: typeof withModel }>;

export interface ModelSummaryRow {
  name: string;
  createdAt: Date;
  versions: number;
  latestVersion: number | null;
}

export interface NewModelVersion {
  modelName: string;
  sha256: string;
  sizeBytes: number;
  metadata: Prisma.InputJsonValue;
  createdById: string | null;
  /** Id of the version this one was distilled from, if any. */
  teacherVersionId: string | null;
}

@Injectable()
export class ModelRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Adds the next version of a model (creating the model on its first upload). Two uploads racing
   * for the same number make one fail on the (model, version) unique index; the caller retries.
   */
  createVersion(data: NewModelVersion): Promise<ModelVersionRow> {
    return this.prisma.$transaction(async (tx) => {
      const model = await tx.model.upsert({
        where: { name: data.modelName },
        create: { name: data.modelName },
        update: {},
      });
      const latest = await tx.modelVersion.aggregate({ where: { modelId: model.id }, _max: { version: true } });
      return tx.modelVersion.create({
        data: {
          modelId: model.id,
          version: (latest._max.version ?? 0) + 1,
          sha256: data.sha256,
          sizeBytes: BigInt(data.sizeBytes),
          metadata: data.metadata,
          createdById: data.createdById,
          teacherVersionId: data.teacherVersionId,
        },
        include: withModel,
      });
    });
  }

  findVersion(modelName: string, version: number): Promise<ModelVersionRow | null> {
    return this.prisma.modelVersion.findFirst({
      where: { model: { name: modelName }, version },
      include: withModel,
    });
  }

  findVersionBySha256(modelName: string, sha256: string): Promise<ModelVersionRow | null> {
    return this.prisma.modelVersion.findFirst({ where: { model: { name: modelName }, sha256 }, include: withModel });
  }

  listVersions(modelName: string): Promise<ModelVersionRow[]> {
    return this.prisma.modelVersion.findMany({
      where: { model: { name: modelName } },
      orderBy: { version: 'asc' },
      include: withModel,
    });
  }

  async listModels(): Promise<ModelSummaryRow[]> {
    const models = await this.prisma.model.findMany({
      orderBy: { name: 'asc' },
      include: { _count: { select: { versions: true } }, versions: { orderBy: { version: 'desc' }, take: 1 } },
    });
    return models.map((model) => ({
      name: model.name,
      createdAt: model.createdAt,
      versions: model._count.versions,
      latestVersion: model.versions[0]?.version ?? null,
    }));
  }

  modelExists(name: string): Promise<boolean> {
    return this.prisma.model.count({ where: { name } }).then((count) => count > 0);
  }

  /** Attaches (or replaces) a version's calibration set. */
  setCalibration(versionId: string, set: { sha256: string; samples: number; sizeBytes: number }): Promise<ModelVersionRow> {
    return this.prisma.modelVersion.update({
      where: { id: versionId },
      data: { calibrationSha256: set.sha256, calibrationSamples: set.samples, calibrationBytes: BigInt(set.sizeBytes) },
      include: withModel,
    });
  }
}
