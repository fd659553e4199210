import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { EdgeplaneConfig, ReadinessProbe } from '@edgeplane/platform';
import { PrismaClient } from '../generated/prisma/client';

/**
 * Interactive transactions' limits for the whole process. Prisma's defaults (2 s to get a connection,
 * 5 s from start to commit) are sized for serverless functions; a controller ingesting a fleet's
 * messages on a busy 2-core host saw a device provisioning take 6 s and fail with a 500 although
 * nothing was wrong. Our transactions are short by design; these only bound a stuck one.
 */
const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 30_000 };

/**
 * The one Prisma client of a process. Uses the pg driver adapter (the query compiler is WASM inside
 * the npm package), so nothing is downloaded at install or run time. Only repositories inject it.
 */
@Injectable()
export class PrismaService extends PrismaClient implements ReadinessProbe, OnApplicationShutdown {
  readonly dependency = 'postgres';

  constructor(config: EdgeplaneConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }), transactionOptions: TRANSACTION_LIMITS });
  }

  async ping(): Promise<void> {
    await this.$queryRaw`SELECT 1`;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
