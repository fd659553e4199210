import type { NestExpressApplication } from '@nestjs/platform-express';
import { DeviceMqttServer } from '@edgeplane/fleet';
import { createControllerApp } from '../../apps/controller/src/controller.app';
import type { TestController } from './controller';

/** A second controller process sharing another's database, data directory, queue prefix and MQTT share group. */
export interface ControllerReplica {
  app: NestExpressApplication;
  url: string;
  /** Closes this replica only: the database and data directory stay the original controller's. */
  close(): Promise<void>;
}

/** Starts another controller app on `controller`'s configuration, as a second replica of the same deployment would. */
export async function startReplicaOf(controller: Pick<TestController, 'config'>): Promise<ControllerReplica> {
  const app = await createControllerApp(controller.config);
  await app.get(DeviceMqttServer).subscriptionsGranted(30_000);
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), close: () => app.close() };
}
