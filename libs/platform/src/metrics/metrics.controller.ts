import { Controller, Get, Headers, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { EdgeplaneConfig } from '../config';
import { Public } from '../http/public.decorator';
import { InvalidMetricsTokenError, MetricsDisabledError } from './metrics.errors';
import { MetricsRegistry } from './metrics-registry';
import { carriesScrapeToken } from './scrape-token';

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
    if (!carriesScrapeToken(authorization, expected)) throw new InvalidMetricsTokenError();
    const body = await this.metrics.exposition();
    // end(), not send(): Express would rewrite the content type's parameters.
    response.status(200).setHeader('Content-Type', this.metrics.contentType);
    response.end(body);
  }
}
