import { defineConfig } from 'prisma/config';

// Only `prisma generate`, `validate` and `format` use this file. Migrations do not go through the
// Prisma CLI (it downloads a native engine); see libs/persistence/src/migrations.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
