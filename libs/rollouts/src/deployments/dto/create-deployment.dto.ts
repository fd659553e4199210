import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { RESOURCE_NAME_PATTERN, RESOURCE_NAME_RULE } from '@edgeplane/contracts';
import { DeploymentGatesDto } from './deployment-gates.dto';
import { DeploymentStrategyDto, MAX_INT32 } from './deployment-strategy.dto';
import { DeploymentTargetDto } from './deployment-target.dto';

/** A required nested object, validated by its own class. */
function NestedObject(type: new () => object) {
  return applyDecorators(ApiProperty({ type }), IsObject(), ValidateNested(), Type(() => type));
}

/** Thirty days: a rollout that needs longer is better split into several. */
export const MAX_DEADLINE_SECONDS = 30 * 24 * 3600;

export class ModelVersionRefDto {
  @ApiProperty({ example: 'text-direction' })
  @IsString()
  @Matches(RESOURCE_NAME_PATTERN, { message: `name must be ${RESOURCE_NAME_RULE}` })
  name!: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_INT32)
  version!: number;
}

export class CreateDeploymentDto {
  @NestedObject(ModelVersionRefDto)
  model!: ModelVersionRefDto;

  @NestedObject(DeploymentTargetDto)
  target!: DeploymentTargetDto;

  @NestedObject(DeploymentStrategyDto)
  strategy!: DeploymentStrategyDto;

  @NestedObject(DeploymentGatesDto)
  gates!: DeploymentGatesDto;

  @ApiPropertyOptional({ default: true, description: 'Roll the touched devices back by itself when a gate fails.' })
  @IsOptional()
  @IsBoolean()
  autoRollback: boolean = true;

  @ApiProperty({ example: 3600, description: 'Seconds from the start after which devices that never reported count as timed out.' })
  @IsInt()
  @Min(1)
  @Max(MAX_DEADLINE_SECONDS)
  deadlineSeconds!: number;

  @ApiPropertyOptional({ default: false, description: 'Replace active deployments of the same model on overlapping devices instead of being refused (409).' })
  @IsOptional()
  @IsBoolean()
  supersede: boolean = false;
}
