import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { RESOURCE_NAME_PATTERN, RESOURCE_NAME_RULE } from '@edgeplane/contracts';
import { IsOmittable } from '@edgeplane/platform';
import { IsLabelMap } from '../../validation/is-label-map.decorator';

/** JSON merge patch of a device: only the fields present change. */
export class UpdateDeviceDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @Matches(RESOURCE_NAME_PATTERN, { message: `name must be ${RESOURCE_NAME_RULE}` })
  name?: string;

  @ApiPropertyOptional({ description: 'Move the device to another hardware profile.' })
  @IsOmittable()
  @IsString()
  hardwareProfile?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    description: 'Labels to set; a null value removes that label. Labels not named are kept.',
    example: { tier: 'canary', legacy: null },
  })
  @IsOmittable()
  @IsLabelMap({ allowNull: true })
  labels?: Record<string, string | null>;
}
