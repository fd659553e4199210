import { INestApplication, RequestMethod, ValidationPipe, VersioningType } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { RequestHandler } from 'express';
import { EdgeplaneConfig, trustProxySetting } from '../config';
import { requestIdMiddleware } from '../logging/request-id.middleware';
import { METRICS_PATH } from '../metrics/metrics.controller';
import { jsonBody } from './json-body.middleware';
import { refuseNulInUrl } from './nul-in-url.middleware';
import { ProblemFilter } from './problem.filter';
import { RequestValidationError } from './request-validation.error';

export const API_PREFIX = 'api';
export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;
export const API_DOCS_PATH = `${API_PREFIX}/docs`;

/**
 * Everything HTTP-wide, in one place so that the process and the tests serve the same API: routes
 * under /api/v1, one validation pipe, one error filter, body limits, the OpenAPI document and docs.
 * `beforeBody` runs right after the request id is given, before the body is read, so that it sees
 * every request, even those refused for their body (the audit trail).
 */
export function configureHttp(app: NestExpressApplication, config: EdgeplaneConfig, beforeBody: RequestHandler[] = []): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // req.ip (rate limits per address, the audit log's client address) reads X-Forwarded-For only from these proxies.
  app.set('trust proxy', trustProxySetting(config.EDGEPLANE_TRUST_PROXY));
  app.use(requestIdMiddleware, ...beforeBody, refuseNulInUrl, jsonBody(config.EDGEPLANE_JSON_BODY_LIMIT));
  // Scrapers expect /metrics at the root; it is not part of the versioned API.
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: METRICS_PATH, method: RequestMethod.GET }] });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      exceptionFactory: (errors) => RequestValidationError.fromValidationErrors(errors),
    }),
  );
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  setUpOpenApi(app);
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Edgeplane operator API')
      .setDescription(
        'Device registry, hardware profiles and API keys. Errors are application/problem+json ' +
          '(RFC 9457) with a stable `code`.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key (epk_…)' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup(API_DOCS_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_PATH,
    yamlDocumentUrl: `${API_PREFIX}/openapi.yaml`,
  });
}
