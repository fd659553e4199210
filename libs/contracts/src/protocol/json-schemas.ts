import { ControllerStatusMessage } from './controller-status';
import { DEVICE_MESSAGE_SCHEMAS } from './device-message-codec';

/**
 * The protocol's JSON Schemas as files (`<channel>.schema.json`), generated from the same schemas
 * the controller and the agent validate with, so the published documents cannot drift from the code.
 * `npm run protocol:schemas` writes them to docs/protocol/; a spec checks the committed ones.
 */
export function protocolJsonSchemaFiles(): Record<string, string> {
  const schemas = { ...DEVICE_MESSAGE_SCHEMAS, 'controller-status': ControllerStatusMessage };
  return Object.fromEntries(
    Object.entries(schemas).map(([channel, schema]) => [
      `${channel}.schema.json`,
      // JSON.stringify drops TypeBox's symbol-keyed metadata, leaving plain draft 2020-12 JSON Schema.
      `${JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema }, null, 2)}\n`,
    ]),
  );
}
