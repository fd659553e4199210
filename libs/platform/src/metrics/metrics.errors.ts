import { EdgeplaneError } from '@edgeplane/contracts';

export class MetricsDisabledError extends EdgeplaneError {
  constructor() {
    super(
      'not_found',
      'metrics.disabled',
      'Metrics are off on this controller: set EDGEPLANE_METRICS_TOKEN and have Prometheus send it as "Authorization: Bearer <token>".',
    );
  }
}

export class InvalidMetricsTokenError extends EdgeplaneError {
  constructor() {
    super(
      'unauthenticated',
      'metrics.invalid_token',
      'GET /metrics needs the scrape token: send "Authorization: Bearer <EDGEPLANE_METRICS_TOKEN>" (API keys are not accepted here).',
    );
  }
}
