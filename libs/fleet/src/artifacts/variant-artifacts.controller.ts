import { pipeline } from 'node:stream/promises';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowDevice, CallerDevice, RequireRole } from '@edgeplane/auth';
import { AuditedRead, ParseIdPipe } from '@edgeplane/platform';
import { RangeNotSatisfiableError, requestedRange } from './byte-range';
import { VariantArtifactsService, VariantFile } from './variant-artifacts.service';

@ApiTags('variants')
@Controller('variants/:id')
export class VariantArtifactsController {
  constructor(private readonly artifacts: VariantArtifactsService) {}

  @Get('artifact')
  @RequireRole('operator')
  @AllowDevice()
  @AuditedRead()
  @ApiOperation({
    summary: "Download a variant's ONNX file (devices: only variants assigned to them, with Basic auth).",
    description: 'ETag is the SHA-256; `Range: bytes=N-` resumes an interrupted download (206).',
  })
  @ApiProduces('application/octet-stream')
  artifact(@Param('id', ParseIdPipe) id: string, @CallerDevice() device: string | undefined, @Req() request: Request, @Res() response: Response) {
    return this.send('artifact', id, device, request, response);
  }

  @Get('samples')
  @RequireRole('operator')
  @AllowDevice()
  @AuditedRead()
  @ApiOperation({ summary: "Download a variant's self-test samples (.npz: inputs/ and expected/ outputs)." })
  @ApiProduces('application/octet-stream')
  samples(@Param('id', ParseIdPipe) id: string, @CallerDevice() device: string | undefined, @Req() request: Request, @Res() response: Response) {
    return this.send('samples', id, device, request, response);
  }

  private async send(file: VariantFile, id: string, device: string | undefined, request: Request, response: Response): Promise<void> {
    const servable = await this.artifacts.resolve(id, file, device);
    const etag = `"${servable.sha256}"`;
    response.setHeader('ETag', etag);
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('Content-Type', 'application/octet-stream');
    let range: { start: number; end: number } | null;
    try {
      range = requestedRange(servable.sizeBytes, request.headers.range, request.get('if-range'), etag);
    } catch (error) {
      if (error instanceof RangeNotSatisfiableError) response.setHeader('Content-Range', `bytes */${servable.sizeBytes}`);
      throw error;
    }
    if (range) {
      response.status(206);
      response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${servable.sizeBytes}`);
      response.setHeader('Content-Length', range.end - range.start + 1);
    } else {
      response.status(200);
      response.setHeader('Content-Length', servable.sizeBytes);
    }
    // A client that disconnects mid-download ends the pipeline with an error: nothing to answer then.
    await pipeline(await servable.open(range ?? undefined), response).catch(() => undefined);
  }
}
