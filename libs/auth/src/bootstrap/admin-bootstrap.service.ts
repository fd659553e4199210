import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EdgeplaneConfig, newSecretToken } from '@edgeplane/platform';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { ApiKeyNameTakenError } from '../auth.errors';

export const BOOTSTRAP_KEY_NAME = 'bootstrap-admin';
export const BOOTSTRAP_KEY_FILE = 'bootstrap-admin.key';

/**
 * First start: with no active admin key, create one so that someone can log in. The token comes from
 * EDGEPLANE_BOOTSTRAP_ADMIN_KEY, or is generated and written (mode 0600) to the data directory.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly config: EdgeplaneConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.apiKeys.hasActiveAdmin()) return;
    const given = this.config.EDGEPLANE_BOOTSTRAP_ADMIN_KEY;
    const token = given ?? newSecretToken('epk');
    try {
      await this.apiKeys.create(BOOTSTRAP_KEY_NAME, 'admin', null, token);
    } catch (error) {
      // Another controller replica bootstrapped at the same moment: its key stands.
      if (error instanceof ApiKeyNameTakenError) return;
      throw error;
    }
    if (given) {
      this.logger.log('Created the first admin key from EDGEPLANE_BOOTSTRAP_ADMIN_KEY.');
      return;
    }
    const file = await this.writeKeyFile(token);
    this.logger.log(`Created the first admin key; its token is in ${file} (readable by this user only).`);
  }

  private async writeKeyFile(token: string): Promise<string> {
    const directory = resolve(this.config.EDGEPLANE_DATA_DIR);
    await mkdir(directory, { recursive: true });
    const file = join(directory, BOOTSTRAP_KEY_FILE);
    await writeFile(file, `${token}\n`, { mode: 0o600 });
    return file;
  }
}
