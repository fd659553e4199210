// Writes the protocol's JSON Schemas to docs/protocol/ (see libs/contracts/src/protocol/json-schemas.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { protocolJsonSchemaFiles } from '@edgeplane/contracts';

const target = join(__dirname, '..', 'docs', 'protocol');
mkdirSync(target, { recursive: true });
for (const [file, text] of Object.entries(protocolJsonSchemaFiles())) {
  writeFileSync(join(target, file), text);
  console.log(`wrote docs/protocol/${file}`);
}
