import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { protocolJsonSchemaFiles } from './json-schemas';

const PUBLISHED = join(__dirname, '../../../../docs/protocol');

describe('published protocol JSON Schemas', () => {
  it.each(Object.entries(protocolJsonSchemaFiles()))('docs/protocol/%s matches the code (run npm run protocol:schemas)', (file, generated) => {
    expect(readFileSync(join(PUBLISHED, file), 'utf8')).toBe(generated);
  });
});
