import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { DeploymentTarget, MAX_LABEL_SELECTOR_LENGTH } from '@edgeplane/contracts';

export const MAX_TARGET_DEVICE_IDS = 10_000;

/** Devices matching every criterion given; at least one must be given (checked in deployment-request.rules.ts). */
export class DeploymentTargetDto implements DeploymentTarget {
  @ApiPropertyOptional({ example: 'site=berlin,tier!=canary', description: 'Label selector, as in GET /api/v1/devices?selector=.' })
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'selector must not be empty; leave it out instead' })
  @MaxLength(MAX_LABEL_SELECTOR_LENGTH)
  selector?: string;

  @ApiPropertyOptional({ example: ['gpu', 'jetson-orin'], description: 'Devices whose hardware profile is one of these.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  hardwareProfiles?: string[];

  @ApiPropertyOptional({ description: 'Devices with one of these ids.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TARGET_DEVICE_IDS)
  @IsUUID('all', { each: true, message: 'each value in deviceIds must be a device id (UUID)' })
  deviceIds?: string[];
}
