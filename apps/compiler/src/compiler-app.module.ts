import { DynamicModule, Module } from '@nestjs/common';
import { ArtifactsModule } from '@edgeplane/artifacts';
import { CompilerModule } from '@edgeplane/compiler';
import { PersistenceModule } from '@edgeplane/persistence';
import { ConfigModule, EdgeplaneConfig, LoggingModule, MetricsModule } from '@edgeplane/platform';

/** The compiler process: wiring only. */
@Module({})
export class CompilerAppModule {
  static forRoot(config: EdgeplaneConfig): DynamicModule {
    return {
      module: CompilerAppModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, MetricsModule, PersistenceModule, ArtifactsModule, CompilerModule],
    };
  }
}
