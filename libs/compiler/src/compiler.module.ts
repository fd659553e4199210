import { Module } from '@nestjs/common';
import { QueuesModule } from '@edgeplane/platform';
import { CompileMetrics } from './compile.metrics';
import { CompileProcessor } from './compile.processor';
import { OriginalReferences } from './original-references';
import { VariantCompilerService } from './variant-compiler.service';

/** The compile worker: consumes the compile queue, builds and verifies variants. */
@Module({
  imports: [QueuesModule],
  providers: [CompileProcessor, VariantCompilerService, OriginalReferences, CompileMetrics],
})
export class CompilerModule {}
