import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { RESOURCE_NAME_PATTERN, RESOURCE_NAME_RULE } from '@edgeplane/contracts';
import { IsOmittable } from '@edgeplane/platform';
import { IsLabelMap } from '../../validation/is-label-map.decorator';

export class ProvisionDeviceDto {
  @ApiProperty({ example: 'cam-berlin-042' })
  @IsString()
  @Matches(RESOURCE_NAME_PATTERN, { message: `name must be ${RESOURCE_NAME_RULE}` })
  name!: string;

  @ApiProperty({ example: 'cpu', description: 'Name of a hardware profile (GET /api/v1/hardware-profiles).' })
  @IsString()
  hardwareProfile!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { site: 'berlin', tier: 'canary' },
  })
  @IsOmittable()
  @IsLabelMap()
  labels?: Record<string, string>;
}
