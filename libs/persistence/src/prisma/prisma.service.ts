import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { EdgeplaneConfig, ReadinessProbe } from '@edgeplane/platform';
import { PrismaClient } from '../generated/prisma/client';

/**
 * The one Prisma client of a process. Uses the pg driver adapter (the query compiler is WASM inside
 * the npm package), so nothing is downloaded at install or run time. Only repositories inject it.
 */
@Injectable()
export class PrismaService extends PrismaClient implements ReadinessProbe, OnApplicationShutdown {
  readonly dependency = 'postgres';

  constructor(config: EdgeplaneConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }) });
  }

  async ping(): Promise<void> {
    await this.$queryRaw`SELECT 1`;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
