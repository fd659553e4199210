import { Injectable } from '@nestjs/common';
import { ApiKey, ApiKeyRole } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

export type ApiKeyRow = ApiKey;

export interface NewApiKey {
  name: string;
  role: ApiKeyRole;
  prefix: string;
  secretHash: string;
  createdById: string | null;
}

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(data: NewApiKey): Promise<ApiKeyRow> {
    return this.prisma.apiKey.create({ data });
  }

  findById(id: string): Promise<ApiKeyRow | null> {
    return this.prisma.apiKey.findUnique({ where: { id } });
  }

  findActiveBySecretHash(secretHash: string): Promise<ApiKeyRow | null> {
    return this.prisma.apiKey.findFirst({ where: { secretHash, revokedAt: null } });
  }

  list(): Promise<ApiKeyRow[]> {
    return this.prisma.apiKey.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  countActive(role: ApiKeyRole): Promise<number> {
    return this.prisma.apiKey.count({ where: { role, revokedAt: null } });
  }

  /**
   * Revokes a key unless that would leave no active admin key. The check and the write run in one
   * serializable transaction so two admins revoking each other at once cannot lock everyone out.
   */
  revoke(id: string, at: Date): Promise<'revoked' | 'last-admin'> {
    return this.prisma.$transaction(
      async (tx) => {
        const key = await tx.apiKey.findUniqueOrThrow({ where: { id } });
        if (key.revokedAt !== null) return 'revoked';
        const admins = await tx.apiKey.count({ where: { role: 'admin', revokedAt: null } });
        if (key.role === 'admin' && admins <= 1) return 'last-admin';
        await tx.apiKey.update({ where: { id }, data: { revokedAt: at } });
        return 'revoked';
      },
      { isolationLevel: 'Serializable' },
    );
  }

  /** Records use, at most once per `minInterval` ms, so authenticated reads do not all write. */
  async touch(id: string, at: Date, minIntervalMs: number): Promise<void> {
    const staleBefore = new Date(at.getTime() - minIntervalMs);
    await this.prisma.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: at },
    });
  }
}
