import { Module } from '@nestjs/common';
import { QueuesModule } from '@edgeplane/platform';
import { RegistryModule } from '@edgeplane/registry';
import { CompileJobResumerService } from './compile/compile-job-resumer.service';
import { CompileRequestsService } from './compile/compile-requests.service';
import { CompileController } from './compile/compile.controller';
import { CalibrationUploadService } from './upload/calibration-upload.service';
import { ModelUploadService } from './upload/model-upload.service';
import { ModelsController } from './versions/models.controller';
import { ModelsService } from './versions/models.service';

/** The model registry: uploads, versions, their stored files, and compile requests. */
@Module({
  imports: [QueuesModule, RegistryModule],
  controllers: [ModelsController, CompileController],
  providers: [ModelsService, ModelUploadService, CalibrationUploadService, CompileRequestsService, CompileJobResumerService],
  exports: [ModelsService],
})
export class ModelsModule {}
