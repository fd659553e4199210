import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { API_DOCS_PATH, ConfigError, loadConfigOrExit } from '@edgeplane/platform';
import { createControllerApp } from './controller.app';

async function main(): Promise<void> {
  const config = loadConfigOrExit('controller');
  const app = await createControllerApp(config);
  await app.listen(config.EDGEPLANE_HTTP_PORT, config.EDGEPLANE_HTTP_HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost');
  new Logger('Controller').log(`Listening on ${url}; API docs at ${url}/${API_DOCS_PATH}`);
}

main().catch((error: Error) => {
  // Settings checked while the app is built (the signing keys' files) stop it like any bad variable.
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`edgeplane controller: ${error.message}\n`);
  process.exit(78);
});
