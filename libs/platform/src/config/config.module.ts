import { DynamicModule, Global, Module } from '@nestjs/common';
import { EdgeplaneConfig } from './edgeplane-config';

/** Makes the configuration loaded in main.ts injectable as `EdgeplaneConfig`. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: EdgeplaneConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: EdgeplaneConfig, useValue: config }],
      exports: [EdgeplaneConfig],
    };
  }
}
