import { Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import type { HardwareClass } from '@edgeplane/contracts';
import { METRIC_PREFIX, MetricsRegistry } from '@edgeplane/platform';

/** How a compile attempt ended: the variant's verdict, cancelled, or an error (retried or failed). */
export type CompileAttemptOutcome = 'accepted' | 'rejected' | 'failed' | 'cancelled' | 'error';

/** `edgeplane_compile_job_duration_seconds{hardware_class, outcome}`: this compiler process's compile attempts. */
@Injectable()
export class CompileMetrics {
  private readonly duration: Histogram<'hardware_class' | 'outcome'>;

  constructor(metrics: MetricsRegistry) {
    this.duration = new Histogram({
      name: `${METRIC_PREFIX}compile_job_duration_seconds`,
      help: 'Seconds one compile attempt took in this compiler process (build, verify, judge, store), by hardware class and outcome; per compiler process: sum() over them.',
      labelNames: ['hardware_class', 'outcome'] as const,
      buckets: [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 3600],
      registers: [metrics.registry],
    });
  }

  /** Starts timing an attempt; call the result with its outcome. */
  attempt(hardwareClass: HardwareClass): (outcome: CompileAttemptOutcome) => void {
    const stop = this.duration.startTimer({ hardware_class: hardwareClass });
    return (outcome) => stop({ outcome });
  }
}
