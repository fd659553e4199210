import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DEPLOYMENT_STATES } from '@edgeplane/contracts';
import { DeploymentRepository } from '@edgeplane/persistence';
import { fleetWideGauge, METRIC_PREFIX, MetricsRegistry } from '@edgeplane/platform';

/**
 * `edgeplane_deployments{state}` (fleet-wide, read at scrape time) and
 * `edgeplane_gate_evaluations_total{result}` (per replica: the evaluations this replica's rollout
 * steps made).
 */
@Injectable()
export class RolloutMetrics {
  private readonly gateEvaluations: Counter<'result'>;

  constructor(metrics: MetricsRegistry, deployments: DeploymentRepository) {
    fleetWideGauge(
      metrics,
      { name: 'deployments', help: 'Deployments by state.', labelNames: ['state'] as const },
      async () => {
        const counts = await deployments.countByState();
        return DEPLOYMENT_STATES.map((state) => ({ labels: { state }, value: counts.find((c) => c.state === state)?.count ?? 0 }));
      },
    );
    this.gateEvaluations = new Counter({
      name: `${METRIC_PREFIX}gate_evaluations_total`,
      help: "Wave gate evaluations at the end of a wave's bake, by result (passed, failed); per replica: sum() over replicas.",
      labelNames: ['result'] as const,
      registers: [metrics.registry],
    });
    // Both series from the start, so that rate() sees the first failure as an increase.
    this.gateEvaluations.inc({ result: 'passed' }, 0);
    this.gateEvaluations.inc({ result: 'failed' }, 0);
  }

  gateEvaluated(passed: boolean): void {
    this.gateEvaluations.inc({ result: passed ? 'passed' : 'failed' });
  }
}
