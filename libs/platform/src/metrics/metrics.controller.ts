import { Controller, Get, Headers, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { EdgeplaneConfig } from '../config';
import { Public } from '../http/public.decorator';
import { InvalidMetricsTokenError, MetricsDisabledError } from './metrics.errors';
import { MetricsRegistry } from './metrics-registry';

/** Path of the Prometheus exposition, outside /api/v1 where scrapers expect it. */
export const METRICS_PATH = 'metrics';

/**
 * GET /metrics in Prometheus's text format. It takes its own bearer token (EDGEPLANE_METRICS_TOKEN),
 * not an API key: the scraper's credential then reads metrics and nothing else, a scrape costs no
 * database lookup, and — being @Public to the API-key guards — scrapes are neither rate limited
 * into gaps nor written to the audit log. Not in the OpenAPI document: it is not a JSON API.
 */
@ApiExcludeController()
@Public()
@Controller({ path: METRICS_PATH, version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly config: EdgeplaneConfig,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    const expected = this.config.EDGEPLANE_METRICS_TOKEN;
    if (expected === undefined) throw new MetricsDisabledError();
    if (!sameSecret(bearerOf(authorization), expected)) throw new InvalidMetricsTokenError();
    const body = await this.metrics.exposition();
    // end(), not send(): Express would rewrite the content type's parameters.
    response.status(200).setHeader('Content-Type', this.metrics.contentType);
    response.end(body);
  }
}

function bearerOf(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1] ?? '';
}

/** Compares in constant time, so the response time tells nothing about how much of a guess was right. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
