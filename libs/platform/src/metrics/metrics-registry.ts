import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** Prefix of every Edgeplane metric (Prometheus naming: one namespace per application). */
export const METRIC_PREFIX = 'edgeplane_';

/**
 * The process's one Prometheus registry. An instance per Nest application rather than prom-client's
 * global one, so that several applications in one process (the tests' controller replicas) each
 * report their own values and collect callbacks never reach a closed application.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    // Process metrics (CPU, memory, event-loop lag, GC) under their standard names, so stock Node.js dashboards work.
    collectDefaultMetrics({ register: this.registry });
  }

  /** The exposition in Prometheus's text format. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
