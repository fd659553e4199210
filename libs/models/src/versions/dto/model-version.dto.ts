import { ApiProperty } from '@nestjs/swagger';
import { ModelMetadata, ModelSummaryView, ModelVersionView } from '@edgeplane/contracts';

export class ModelVersionDto implements ModelVersionView {
  @ApiProperty() model!: string;
  @ApiProperty({ minimum: 1 }) version!: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'irVersion, producer, opsets, inputs/outputs (elementType, shape with symbolic dims), operators ' +
      '(histogram incl. subgraphs), nodeCount, parameterCount, weightBytes, externalData, hasSubgraphs.',
  })
  metadata!: ModelMetadata;
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: { sha256: { type: 'string' }, samples: { type: 'integer' }, sizeBytes: { type: 'integer' } },
  })
  calibrationSet!: { sha256: string; samples: number; sizeBytes: number } | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: { model: { type: 'string' }, version: { type: 'integer' } },
    description: 'The version this one was distilled from.',
  })
  teacher!: { model: string; version: number } | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ModelSummaryDto implements ModelSummaryView {
  @ApiProperty() name!: string;
  @ApiProperty() versions!: number;
  @ApiProperty({ nullable: true, type: Number }) latestVersion!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
