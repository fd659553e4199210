import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { API_DOCS_PATH, ConfigError, EdgeplaneConfig, loadConfig } from '@edgeplane/platform';
import { createControllerApp } from './controller.app';

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const app = await createControllerApp(config);
  await app.listen(config.EDGEPLANE_HTTP_PORT, config.EDGEPLANE_HTTP_HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost');
  new Logger('Controller').log(`Listening on ${url}; API docs at ${url}/${API_DOCS_PATH}`);
}

function readConfigOrExit(): EdgeplaneConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`edgeplane controller: ${error.message}\n`);
      process.exit(78); // EX_CONFIG: the operator must fix a setting, restarting will not help
    }
    throw error;
  }
}

void main();
