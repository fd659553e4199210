import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

/**
 * Whether any row still points at an artifact. The store is content-addressed, so an upload, a
 * calibration set and a variant can share one file (an fp32 pass-through variant is byte-identical
 * to its upload): a file may be removed only when nothing references it.
 */
@Injectable()
export class ArtifactReferenceRepository {
  constructor(private readonly prisma: PrismaService) {}

  async isReferenced(sha256: string): Promise<boolean> {
    const [versions, variants] = await Promise.all([
      this.prisma.modelVersion.count({ where: { OR: [{ sha256 }, { calibrationSha256: sha256 }] } }),
      this.prisma.modelVariant.count({ where: { OR: [{ sha256 }, { samplesSha256: sha256 }] } }),
    ]);
    return versions + variants > 0;
  }
}
