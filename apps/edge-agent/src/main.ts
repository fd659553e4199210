import pino from 'pino';
import { AgentConfigError, loadAgentConfig, type AgentConfig } from '@edgeplane/agent';
import { EdgeAgent } from './edge-agent';

/**
 * The edge agent: serves the models the controller assigns to this device on a local HTTP API,
 * keeps serving through network outages, and reports state and telemetry over MQTT.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = pino({ level: config.logLevel, base: { deviceId: config.deviceId } });
  const agent = await EdgeAgent.start(config, logger);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    agent.stop().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error({ reason: error.message }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Exit code 78 (EX_CONFIG): an operator must fix a setting; restarting will not help. */
function loadConfigOrExit(): AgentConfig {
  try {
    return loadAgentConfig();
  } catch (error) {
    if (!(error instanceof AgentConfigError)) throw error;
    process.stderr.write(`edgeplane edge-agent: ${error.message}\n`);
    return process.exit(78);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`edgeplane edge-agent: failed to start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
