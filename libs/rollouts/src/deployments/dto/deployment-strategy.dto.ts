import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsPositive, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { WaveSpec } from '@edgeplane/contracts';

export const MAX_WAVES = 20;
/** The largest PostgreSQL integer: larger counts and version numbers are refused, not overflowed into a 500. */
export const MAX_INT32 = 2 ** 31 - 1;
/** A week: a bake longer than that is a pause, which is an operator action. */
export const MAX_BAKE_SECONDS = 7 * 24 * 3600;
export const STRATEGY_KINDS = ['waves', 'all-at-once'] as const;

export class WaveDto implements WaveSpec {
  @ApiPropertyOptional({ example: 10, description: 'Share of the target in this wave (not cumulative), 0 < percent ≤ 100, rounded up to whole devices.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive({ message: 'percent must be greater than 0' })
  @Max(100)
  percent?: number;

  @ApiPropertyOptional({ example: 5, description: 'Number of devices in this wave.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INT32)
  count?: number;

  @ApiProperty({ example: 600, description: 'Seconds the wave serves the new variant before its gates are evaluated.' })
  @IsInt()
  @Min(0)
  @Max(MAX_BAKE_SECONDS)
  bakeSeconds!: number;
}

/** `waves` with `waves: [...]`, or `all-at-once` with `bakeSeconds`; cross-field rules in deployment-request.rules.ts. */
export class DeploymentStrategyDto {
  @ApiProperty({ enum: STRATEGY_KINDS })
  @IsIn(STRATEGY_KINDS, { message: `kind must be one of: ${STRATEGY_KINDS.join(', ')}` })
  kind!: (typeof STRATEGY_KINDS)[number];

  @ApiPropertyOptional({ type: [WaveDto], description: 'kind waves: the waves in order; the last one takes every device left.' })
  @ValidateIf((strategy: DeploymentStrategyDto) => strategy.kind === 'waves' || strategy.waves !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_WAVES)
  @IsObject({ each: true, message: 'each wave must be an object' })
  @ValidateNested({ each: true })
  @Type(() => WaveDto)
  waves?: WaveDto[];

  @ApiPropertyOptional({ example: 600, description: 'kind all-at-once: bake time of the one wave.' })
  @ValidateIf((strategy: DeploymentStrategyDto) => strategy.kind === 'all-at-once' || strategy.bakeSeconds !== undefined)
  @IsInt()
  @Min(0)
  @Max(MAX_BAKE_SECONDS)
  bakeSeconds?: number;
}
