import { Module } from '@nestjs/common';
import { ModelUploadService } from './upload/model-upload.service';
import { ModelsController } from './versions/models.controller';
import { ModelsService } from './versions/models.service';

/** The model registry: uploads, versions and their stored files. */
@Module({
  controllers: [ModelsController],
  providers: [ModelsService, ModelUploadService],
  exports: [ModelsService],
})
export class ModelsModule {}
