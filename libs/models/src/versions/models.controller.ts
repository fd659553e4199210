import { Controller, Get, HttpStatus, Param, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthenticatedKey, CallerKey, RequireRole } from '@edgeplane/auth';
import { AuditedRead, ModelVersionRef, ModelVersionRefPipe, PositiveIntPipe, ResourceNamePipe } from '@edgeplane/platform';
import { UnsupportedUploadTypeError } from '../model.errors';
import { CalibrationUploadService } from '../upload/calibration-upload.service';
import { ModelUploadService } from '../upload/model-upload.service';
import { ModelSummaryDto, ModelVersionDto } from './dto/model-version.dto';
import { ModelsService } from './models.service';

const FORM_TYPE = 'multipart/form-data';
const MODEL_TYPES = new Set(['application/octet-stream', 'application/onnx', 'application/x-onnx', FORM_TYPE]);
const CALIBRATION_TYPES = new Set(['application/octet-stream', 'application/zip', 'application/x-npz']);
const RAW_BODY = 'as the raw request body with Content-Type: application/octet-stream';

/** The media type of an upload, refused unless it is one of `accepted`; `howToSend` says what is. */
function uploadType(request: Request, accepted: Set<string>, howToSend: string): string {
  const type = (request.headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim();
  if (!accepted.has(type)) throw new UnsupportedUploadTypeError(type, howToSend);
  return type;
}

@ApiTags('models')
@Controller('models')
export class ModelsController {
  constructor(
    private readonly models: ModelsService,
    private readonly uploads: ModelUploadService,
    private readonly calibrations: CalibrationUploadService,
  ) {}

  @Post(':name/versions')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Upload an ONNX model as a new immutable version (raw body or form, streamed to disk and hashed).',
    description:
      'Send the file as the raw body, or as multipart/form-data with the file in field `model` and, ' +
      'optionally, the teacher in text field `teacher`. Identical bytes return the existing version ' +
      'with 200 instead of 201.',
  })
  @ApiConsumes('application/octet-stream', FORM_TYPE)
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'string', format: 'binary', description: 'application/octet-stream: the ONNX file itself.' },
        {
          type: 'object',
          description: 'multipart/form-data: exactly one file, in field `model`.',
          required: ['model'],
          properties: {
            model: { type: 'string', format: 'binary', description: 'The ONNX file.' },
            teacher: {
              type: 'string',
              example: 'text-direction@1',
              description: 'Instead of the `teacher` query parameter.',
            },
          },
        },
      ],
    },
  })
  @ApiCreatedResponse({ type: ModelVersionDto })
  @ApiOkResponse({ type: ModelVersionDto, description: 'These bytes were uploaded before: the existing version.' })
  @ApiQuery({
    name: 'teacher',
    required: false,
    example: 'text-direction@1',
    description:
      'Register the upload as the distilled student of this model version (or say so in form field `teacher`).',
  })
  async upload(
    @Param('name', new ResourceNamePipe()) name: string,
    @Query('teacher', new ModelVersionRefPipe('teacher')) teacher: ModelVersionRef | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @CallerKey() caller: AuthenticatedKey,
  ) {
    const type = uploadType(request, MODEL_TYPES, `${RAW_BODY}, or as ${FORM_TYPE} with the file in field "model"`);
    const declared = request.headers['content-length'] ? Number(request.headers['content-length']) : null;
    const by = { declaredBytes: declared, uploaderId: caller.id, teacher };
    const { created, version } =
      type === FORM_TYPE ? await this.uploads.uploadForm(name, request, by) : await this.uploads.upload(name, request, by);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    response.location(`/api/v1/models/${name}/versions/${version.version}`);
    return version;
  }

  @Put(':name/versions/:version/calibration-set')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Attach sample inputs to a version for calibration and verification (.npz, raw body).',
    description:
      'An .npz (numpy.savez) with one <input name>.npy per model input, samples stacked on a leading ' +
      'axis; each sample is one complete model input, batch dimension included. Replaces an earlier set.',
  })
  @ApiConsumes('application/zip')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: ModelVersionDto })
  calibrationSet(
    @Param('name', new ResourceNamePipe()) name: string,
    @Param('version', new PositiveIntPipe('version')) version: number,
    @Req() request: Request,
  ) {
    uploadType(request, CALIBRATION_TYPES, RAW_BODY);
    return this.calibrations.upload(name, version, request);
  }

  @Get()
  @RequireRole('viewer')
  @ApiOkResponse({ type: [ModelSummaryDto] })
  list() {
    return this.models.list();
  }

  @Get(':name/versions')
  @RequireRole('viewer')
  @ApiOkResponse({ type: [ModelVersionDto] })
  versions(@Param('name', new ResourceNamePipe()) name: string) {
    return this.models.versions(name);
  }

  @Get(':name/versions/:version')
  @RequireRole('viewer')
  @ApiOkResponse({ type: ModelVersionDto })
  version(
    @Param('name', new ResourceNamePipe()) name: string,
    @Param('version', new PositiveIntPipe('version')) version: number,
  ) {
    return this.models.version(name, version);
  }

  @Get(':name/versions/:version/file')
  @RequireRole('operator')
  @AuditedRead()
  @ApiOperation({ summary: 'Download the uploaded ONNX file; its ETag is its SHA-256.' })
  @ApiProduces('application/octet-stream')
  async file(
    @Param('name', new ResourceNamePipe()) name: string,
    @Param('version', new PositiveIntPipe('version')) version: number,
  ) {
    const { view, body } = await this.models.download(name, version);
    return new StreamableFile(body, {
      type: 'application/octet-stream',
      length: view.sizeBytes,
      disposition: `attachment; filename="${name}-v${version}.onnx"`,
    });
  }
}
