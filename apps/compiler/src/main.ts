import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { loadConfigOrExit, MetricsRegistry, serveMetrics } from '@edgeplane/platform';
import { CompilerAppModule } from './compiler-app.module';

/**
 * The compiler: a queue consumer with no HTTP server. Run as many as the machine has cores for;
 * BullMQ hands each job to one of them, and a job whose worker dies is picked up again.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit('compiler');
  const app = await NestFactory.createApplicationContext(CompilerAppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  const logger = new Logger('Compiler');
  if (config.EDGEPLANE_COMPILER_METRICS_PORT !== undefined && config.EDGEPLANE_METRICS_TOKEN !== undefined) {
    const { port } = await serveMetrics(app.get(MetricsRegistry), config.EDGEPLANE_METRICS_TOKEN, config.EDGEPLANE_COMPILER_METRICS_PORT, config.EDGEPLANE_HTTP_HOST);
    logger.log(`Metrics on port ${port} (GET /metrics)`);
  }
  logger.log(`Consuming compile jobs, ${config.EDGEPLANE_COMPILER_CONCURRENCY} at a time`);
}

void main();
