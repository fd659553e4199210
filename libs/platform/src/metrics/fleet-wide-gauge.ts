import { Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { METRIC_PREFIX, MetricsRegistry } from './metrics-registry';

/** Said in the HELP text of every gauge read from the database, so whoever builds a dashboard sees it. */
export const FLEET_WIDE_NOTE = 'Fleet-wide, read at scrape time from PostgreSQL or Redis: every controller replica reports the same value (aggregate with max(), not sum()).';

/** One labelled value of a fleet-wide gauge. */
export interface GaugeSample<Label extends string> {
  labels: Record<Label, string>;
  value: number;
}

/**
 * A gauge whose values are read at scrape time by `read` (a cheap aggregate query). Earlier values
 * are dropped first, so a label set that disappeared (a deleted profile) stops being reported. When
 * the read fails (database down) the gauge reports nothing for that scrape rather than failing the
 * whole scrape: the per-replica metrics are most useful exactly then.
 */
export function fleetWideGauge<Label extends string>(
  metrics: MetricsRegistry,
  definition: { name: string; help: string; labelNames: readonly Label[] },
  read: () => Promise<GaugeSample<Label>[]>,
): Gauge<Label> {
  const logger = new Logger('Metrics');
  return new Gauge<Label>({
    name: `${METRIC_PREFIX}${definition.name}`,
    help: `${definition.help} ${FLEET_WIDE_NOTE}`,
    labelNames: definition.labelNames,
    registers: [metrics.registry],
    async collect() {
      this.reset();
      try {
        for (const sample of await read()) this.set(sample.labels as Partial<Record<Label, string>>, sample.value);
      } catch (error) {
        logger.warn({ err: error, metric: definition.name }, `metric ${definition.name} not read: ${(error as Error).message}`);
      }
    },
  });
}
