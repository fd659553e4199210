import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AdminBootstrapService } from './bootstrap/admin-bootstrap.service';
import { CallerResolver } from './callers/caller-resolver';
import { DeviceAuthenticator } from './devices/device-authenticator';
import { MeController } from './me/me.controller';
import { ApiKeyGuard } from './guard/api-key.guard';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';

/**
 * API keys, rate limits, the global authentication/role guard and the first-admin bootstrap. The two
 * global guards run in the order listed: the rate limit first, so refused attempts are counted too.
 */
@Module({
  imports: [RateLimitModule],
  controllers: [ApiKeysController, MeController],
  providers: [
    ApiKeysService,
    AdminBootstrapService,
    DeviceAuthenticator,
    CallerResolver,
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [ApiKeysService],
})
export class AuthModule {}
