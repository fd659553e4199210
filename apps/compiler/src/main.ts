import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { loadConfigOrExit } from '@edgeplane/platform';
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
  new Logger('Compiler').log(`Consuming compile jobs, ${config.EDGEPLANE_COMPILER_CONCURRENCY} at a time`);
}

void main();
