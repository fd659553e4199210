import type { IncomingMessage } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { EdgeplaneConfig } from '../config';
import { requestIdOf } from './request-id.middleware';

/** JSON logs through pino; every HTTP log line carries the request id (`req.id`) of requestIdMiddleware. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [EdgeplaneConfig],
      useFactory: (config: EdgeplaneConfig) => ({
        // Express 5 route syntax; nestjs-pino's default '*' makes Nest warn at every start.
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.LOG_LEVEL,
          genReqId: (req: IncomingMessage) => requestIdOf(req),
          // One compact line per request: headers would add noise and risk logging secrets.
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          transport:
            config.LOG_FORMAT === 'pretty'
              ? { target: 'pino-pretty', options: { singleLine: true } }
              : undefined,
          customLogLevel: (_req, res, error) =>
            error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        },
      }),
    }),
  ],
})
export class LoggingModule {}
