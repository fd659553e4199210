import { Module } from '@nestjs/common';
import { QueuesModule } from '@edgeplane/platform';
import { CompileProcessor } from './compile.processor';
import { OriginalReferences } from './original-references';
import { VariantCompilerService } from './variant-compiler.service';

/** The compile worker: consumes the compile queue, builds and verifies variants. */
@Module({
  imports: [QueuesModule],
  providers: [CompileProcessor, VariantCompilerService, OriginalReferences],
})
export class CompilerModule {}
