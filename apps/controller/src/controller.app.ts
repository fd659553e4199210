import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { AuditTrail } from '@edgeplane/audit';
import { DeviceMqttServer } from '@edgeplane/fleet';
import { configureHttp, EdgeplaneConfig, httpMetricsMiddleware, httpsServerOptions, MetricsRegistry } from '@edgeplane/platform';
import { serveConsole } from './console/serve-console';
import { ControllerModule } from './controller.module';

/** How long start-up waits for the broker; after that the API starts anyway and ingestion follows. */
const BROKER_WAIT_MS = 5_000;

/** Builds the controller's HTTP application; main.ts and the end-to-end tests both start it this way. */
export async function createControllerApp(config: EdgeplaneConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ControllerModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
    httpsOptions: httpsServerOptions(config),
    // A provider that fails to start (bad signing key files) rejects, so main.ts can name the
    // setting and exit 78, and tests see the error, instead of Nest's default process.abort().
    abortOnError: false,
  });
  configureHttp(app, config, [httpMetricsMiddleware(app.get(MetricsRegistry)), app.get(AuditTrail).middleware]);
  serveConsole(app, config);
  await startDeviceIngest(app);
  return app;
}

/**
 * Device messages arrive through Nest's MQTT transport (a hybrid application). Start-up waits for
 * the subscriptions briefly so that a healthy controller never misses the first messages, but an
 * unreachable broker must not keep operators from the API: ingestion then starts when it connects.
 */
async function startDeviceIngest(app: NestExpressApplication): Promise<void> {
  const server = app.get(DeviceMqttServer);
  app.connectMicroservice<MicroserviceOptions>({ strategy: server });
  void app.startAllMicroservices();
  await server.subscriptionsGranted(BROKER_WAIT_MS);
}
