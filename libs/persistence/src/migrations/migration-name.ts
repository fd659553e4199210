import { MigrationError } from './migration-error';

/**
 * The folder name of a new migration, `<UTC yyyymmddhhmmss>_<name>`, with the name made safe the
 * way `prisma migrate dev --name` does it: camelCase split, lower case, every other run of
 * characters turned into `_`, at most 200 characters. Folder names sort in the order they apply.
 */
export function migrationFolderName(name: string, now: Date): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z\d]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 200);
  if (slug === '') {
    throw new MigrationError(
      'migration.config_invalid',
      `migration name ${JSON.stringify(name)} has no letters or digits: ` +
        'name it after the change, e.g. add_device_notes',
    );
  }
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}_${slug}`;
}
