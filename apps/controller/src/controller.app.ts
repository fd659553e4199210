import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttp, EdgeplaneConfig } from '@edgeplane/platform';
import { ControllerModule } from './controller.module';

/** Builds the controller's HTTP application; main.ts and the end-to-end tests both start it this way. */
export async function createControllerApp(config: EdgeplaneConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ControllerModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureHttp(app, config);
  return app;
}
