import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { API_KEY_ROLES, ApiKeyRole, EdgeplaneError } from '@edgeplane/contracts';
import { ApiKeysService } from '@edgeplane/auth';
import { PersistenceModule } from '@edgeplane/persistence';
import { ConfigError, ConfigModule, loadConfig } from '@edgeplane/platform';

const USAGE = `usage: npm run admin:create-key -- <name> [${API_KEY_ROLES.join('|')}]
Creates an API key directly in the database (DATABASE_URL) and prints its token once. For first
installs without EDGEPLANE_BOOTSTRAP_ADMIN_KEY, and for recovery when no admin token is at hand.`;

/**
 * Operator command that works without a running controller or an existing key: it writes to the
 * database the controller uses. Everything else goes through the API.
 */
async function main(args: string[]): Promise<number> {
  const [name, role = 'admin'] = args;
  if (!name || !API_KEY_ROLES.includes(role as ApiKeyRole)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  @Module({ imports: [ConfigModule.forRoot(config), PersistenceModule], providers: [ApiKeysService] })
  class AdminCliModule {}
  const context = await NestFactory.createApplicationContext(AdminCliModule, { logger: ['error'] });
  try {
    const key = await context.get(ApiKeysService).create(name, role as ApiKeyRole, null);
    process.stdout.write(`Created ${key.role} key "${key.name}" (${key.id}). Token, shown only now:\n${key.token}\n`);
    return 0;
  } finally {
    await context.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof EdgeplaneError || error instanceof ConfigError;
    process.stderr.write(`admin-cli: ${known ? (error as Error).message : String(error)}\n`);
    process.exit(1);
  },
);
