import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AdminBootstrapService } from './bootstrap/admin-bootstrap.service';
import { DeviceAuthenticator } from './devices/device-authenticator';
import { ApiKeyGuard } from './guard/api-key.guard';

/** API keys, the global authentication/role guard and the first-admin bootstrap. */
@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeysService, AdminBootstrapService, DeviceAuthenticator, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [ApiKeysService],
})
export class AuthModule {}
