/*
 * Scale benchmark 3 (issue 6), the registry: `GET /api/v1/devices?selector=…` over 100,000 devices at
 * 200 requests/s, against the target p99 ≤ 50 ms. The built controller on a fresh database holding a
 * realistic fleet; autocannon sends a mix of selectors, from a quarter of the fleet down to a few
 * dozen devices, each answered with the default page (50 devices with their labels, by name). The
 * floor, in the same run: the controller's own statements for those listings straight on
 * PostgreSQL, at the same rate. Run on its own with `npx tsx bench/scale/registry.ts` after
 * `npm run build`.
 */
import { cpus } from 'node:os';
import { Pool } from 'pg';
import { machineBusySeconds } from '../compile/machine';
import { withInstallation } from '../support/with-installation';
import { httpLoad, type HttpLoadResult } from './http-load';
import { latencyText, summarise, type LatencySummary } from './latency';
import { captureListingQueries, type ListingQueries, runListing } from './listing-queries';
import { pacedCalls } from './paced-calls';
import { FLEET_CUSTOM_PROFILES, seedFleet } from './registry-fleet';
import type { ScaleSection } from './scale-result';
import { runStandalone } from './standalone';

const DEVICES = 100_000;
const RATE = 200;
const TARGET_P99_MS = 50;
/** JIT, Prisma's query cache and PostgreSQL's buffers warm up first; that part is not measured. */
const WARM_UP_S = 3;
const LOAD_S = 20;
/** 2,000 listings: enough for a p99 that is not one outlier. */
const FLOOR_S = 10;
/** The controller's pool: @prisma/adapter-pg's pg.Pool keeps pg's default of 10 connections. */
const FLOOR_CONNECTIONS = 10;
/** Seeding takes about half a minute on a busy 2-core machine; everything together well under 2 minutes. */
const DEADLINE_MS = 4 * 60_000;

/** From a quarter of the fleet to a few dozen devices; equality, set, negation and several requirements at once. */
const SELECTORS = [
  'region in (eu-west,eu-central)',
  'tier=canary',
  'region=eu-west,camera in (ptz,thermal),tier!=canary',
  'site=site-042',
  'camera=thermal,site=site-117',
] as const;

export async function benchRegistry(): Promise<ScaleSection> {
  return withInstallation('the registry benchmark', DEADLINE_MS, async (installation, signal) => {
    for (const profile of FLEET_CUSTOM_PROFILES) await installation.request('POST', '/hardware-profiles', profile, signal);
    const seedingStarted = performance.now();
    const { labels } = await seedFleet(installation.databaseUrl, DEVICES);
    const seedingS = (performance.now() - seedingStarted) / 1000;
    console.error(`registry: ${DEVICES.toLocaleString('en')} devices seeded in ${seedingS.toFixed(1)} s`);
    const listings = await captureListingQueries(installation.databaseUrl, SELECTORS);

    const load = {
      origin: new URL(installation.apiUrl).origin,
      paths: SELECTORS.map((selector) => `/api/v1/devices?selector=${encodeURIComponent(selector)}`),
      headers: { authorization: `Bearer ${installation.adminToken}` },
      rate: RATE,
    };
    await httpLoad({ ...load, seconds: WARM_UP_S }, signal);
    const [controllerBefore, machineBefore] = [installation.controller.cpuSeconds(), machineBusySeconds()];
    const edgeplane = await httpLoad({ ...load, seconds: LOAD_S }, signal);
    const cpu = { controllerS: installation.controller.cpuSeconds() - controllerBefore, machineS: machineBusySeconds() - machineBefore };
    console.error(`registry: Edgeplane ${latencyText(edgeplane)}, ${edgeplane.achievedRate.toFixed(0)} answered/s`);
    const floor = await measureFloor(installation.databaseUrl, listings, signal);
    console.error(`registry: floor ${latencyText(floor.all)}, ${floor.achievedRate.toFixed(0)} done/s`);
    return section({ labels, seedingS, listings, edgeplane, cpu, floor });
  });
}

interface FloorFigures {
  /** Listings per second: below RATE when PostgreSQL itself fell behind. */
  achievedRate: number;
  all: LatencySummary;
  /** In SELECTORS order. */
  bySelector: LatencySummary[];
}

async function measureFloor(databaseUrl: string, listings: ListingQueries[], signal: AbortSignal): Promise<FloorFigures> {
  const pool = new Pool({ connectionString: databaseUrl, max: FLOOR_CONNECTIONS });
  try {
    const listing = (index: number) => runListing(pool, listings[index % listings.length]);
    const pace = { rate: RATE, maxInFlight: FLOOR_CONNECTIONS };
    await pacedCalls({ ...pace, seconds: WARM_UP_S }, listing, signal);
    const latencies = await pacedCalls({ ...pace, seconds: FLOOR_S }, listing, signal);
    return {
      achievedRate: latencies.length / FLOOR_S,
      all: summarise(latencies),
      bySelector: listings.map((_, which) => summarise(latencies.filter((_, index) => index % listings.length === which))),
    };
  } finally {
    await pool.end();
  }
}

function section(run: {
  labels: number;
  seedingS: number;
  listings: ListingQueries[];
  edgeplane: HttpLoadResult;
  /** CPU seconds the controller and the whole machine used during the measured load. */
  cpu: { controllerS: number; machineS: number };
  floor: FloorFigures;
}): ScaleSection {
  const { edgeplane, floor } = run;
  const failed = edgeplane.errors + edgeplane.non2xx;
  const selectors = run.listings.map((listing, which) => `${listing.selector} (${listing.matches.toLocaleString('en')} devices, floor p99 ${floor.bySelector[which].p99.toFixed(1)} ms)`);
  return {
    rows: [
      {
        benchmark: `Registry GET /devices?selector, ${DEVICES.toLocaleString('en')} devices`,
        measured: `p99 ${edgeplane.p99.toFixed(1)} ms`,
        floor: `p99 ${floor.all.p99.toFixed(1)} ms`,
        ratio: Number((edgeplane.p99 / floor.all.p99).toFixed(2)),
        target: `p99 ≤ ${TARGET_P99_MS} ms`,
        met: edgeplane.p99 <= TARGET_P99_MS && failed === 0,
      },
    ],
    notes: [
      `Registry: ${DEVICES.toLocaleString('en')} devices over 6 hardware profiles with ${run.labels.toLocaleString('en')} labels (site, region, tier, camera, owner, gpu), seeded set-based in ${run.seedingS.toFixed(1)} s.`,
      `Selectors, sent in turn, each answered with the default page (50 devices with labels, by name): ${selectors.join('; ')}.`,
      `Edgeplane: autocannon at ${RATE} requests/s for ${LOAD_S} s after ${WARM_UP_S} s of warm-up, ${edgeplane.sent.toLocaleString('en')} sent, ${edgeplane.achievedRate.toFixed(0)} answered/s; ${latencyText(edgeplane)}; ${edgeplane.errors} errors, ${edgeplane.non2xx} non-2xx.`,
      `CPU during the load: the controller ${run.cpu.controllerS.toFixed(1)} s (${((run.cpu.controllerS / (edgeplane.achievedRate * LOAD_S)) * 1000).toFixed(1)} ms per request), the whole machine ${run.cpu.machineS.toFixed(1)} of ${cpus().length * LOAD_S} CPU-seconds.`,
      `Floor: the controller's own two statements per listing (the page, then its labels, captured from Prisma's query log) on a pg pool of ${FLOOR_CONNECTIONS}, ${RATE}/s for ${FLOOR_S} s, ${floor.achievedRate.toFixed(0)} done/s: ${latencyText(floor.all)}. Not in the floor: the API-key lookup, JSON and HTTP.`,
    ],
  };
}

if (require.main === module) runStandalone(benchRegistry);
