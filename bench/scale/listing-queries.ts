import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { parseLabelSelector } from '@edgeplane/contracts';
import { PrismaClient } from '../../libs/persistence/src/generated/prisma/client';
import type { PrismaService } from '../../libs/persistence/src/prisma/prisma.service';
import { DeviceRepository } from '../../libs/persistence/src/repositories/device.repository';

/** DevicesService.list's default page: 50 devices by name, one more to learn whether a next page exists. */
const DEFAULT_PAGE = { sort: 'name', order: 'asc', limit: 50 + 1 } as const;

/** A statement as Prisma sent it to PostgreSQL. */
interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * The SQL the controller sends for one `GET /devices?selector=…`: the page of devices, then the
 * labels of exactly those devices. Captured from Prisma's query log while DeviceRepository lists the
 * page, so the floor replays the product's own statements rather than a hand-written copy of them.
 */
export interface ListingQueries {
  selector: string;
  page: Statement;
  /** Its parameters are the page's device ids (in page order), then Prisma's trailing OFFSET 0. */
  labels: Statement;
  /** Devices the selector matches in the whole fleet. */
  matches: number;
}

export async function captureListingQueries(databaseUrl: string, selectors: readonly string[]): Promise<ListingQueries[]> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }), log: [{ emit: 'event', level: 'query' }] });
  const statements: Statement[] = [];
  prisma.$on('query', (event) => statements.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] }));
  // The repository needs nothing of PrismaService beyond the client it extends.
  const devices = new DeviceRepository(prisma as unknown as PrismaService);
  try {
    const captured: ListingQueries[] = [];
    for (const selector of selectors) {
      statements.length = 0;
      await devices.list({ selector: parseLabelSelector(selector), ...DEFAULT_PAGE });
      if (statements.length !== 2) throw new Error(`listing ${selector} sent ${statements.length} statements, expected the page and its labels:\n${statements.map((s) => s.sql).join('\n')}`);
      const [page, labels] = statements;
      const matches = (await devices.findTargets({ selector: parseLabelSelector(selector) })).length;
      captured.push({ selector, page, labels, matches });
    }
    return captured;
  } finally {
    await prisma.$disconnect();
  }
}

/** Runs one listing straight on PostgreSQL, as the controller's pool would: the page, then its labels. */
export async function runListing(pool: Pool, listing: ListingQueries): Promise<void> {
  const page = await pool.query<{ id: string }>(listing.page.sql, listing.page.params);
  if (page.rows.length === 0) throw new Error(`selector ${listing.selector} matched no device: the floor would measure nothing`);
  const offset = listing.labels.params.at(-1);
  await pool.query(listing.labels.sql, [...page.rows.map((row) => row.id), offset]);
}
