import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Histogram } from 'prom-client';
import { METRIC_PREFIX, MetricsRegistry } from './metrics-registry';

/** Route label of requests no route matched (404s, probes of random paths): one value, not the URL. */
const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every HTTP request into `edgeplane_http_request_duration_seconds`, labelled by method, route
 * pattern (`/api/v1/devices/:id`, never the URL, whose ids would make a series per device) and
 * status class (2xx…5xx).
 */
export function httpMetricsMiddleware(metrics: MetricsRegistry): RequestHandler {
  const duration = new Histogram({
    name: `${METRIC_PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests this replica answered, by method, route pattern and status class; seconds from arrival to the last byte written.',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [metrics.registry],
  });
  return (request: Request, response: Response, next: NextFunction) => {
    const stop = duration.startTimer();
    // 'close' also fires when the client goes away first; 'finish' alone would lose those requests.
    response.once('close', () => {
      stop({ method: request.method, route: routePattern(request), status_class: `${Math.floor(response.statusCode / 100)}xx` });
    });
    next();
  };
}

/** The route's pattern; else the path a middleware is mounted at (the console's `/console`, its assets); else one value for all. */
function routePattern(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${request.baseUrl}${path}`;
  return request.baseUrl || UNMATCHED_ROUTE;
}
