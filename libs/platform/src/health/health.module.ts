import { DynamicModule, Module, Type } from '@nestjs/common';
import { HealthController } from './health.controller';
import { ReadinessProbe } from './readiness-probe';
import { READINESS_PROBES, ReadinessService } from './readiness.service';

/**
 * `/api/v1/health` and `/api/v1/ready`; the app names the probes that readiness depends on, and the
 * modules that provide those of them that are not global.
 */
@Module({})
export class HealthModule {
  static register(probes: Type<ReadinessProbe>[], imports: DynamicModule['imports'] = []): DynamicModule {
    return {
      module: HealthModule,
      imports,
      controllers: [HealthController],
      providers: [
        ReadinessService,
        { provide: READINESS_PROBES, inject: probes, useFactory: (...all: ReadinessProbe[]) => all },
      ],
    };
  }
}
