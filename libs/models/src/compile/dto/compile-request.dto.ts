import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CompileOptions, CompileRequest } from '@edgeplane/contracts';

export class AccuracyBudgetOverrideDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  minCosine?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  minTop1Agreement?: number;
}

export class CompileOptionsDto implements CompileOptions {
  @ApiPropertyOptional({
    minimum: 0.05,
    maximum: 0.95,
    description: 'Prune weights to this sparsity first; kept only if the variant still passes the accuracy gate.',
  })
  @IsOptional()
  @IsNumber()
  @Min(0.05)
  @Max(0.95)
  pruneSparsity?: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['p2o.Conv.6'],
    description:
      'Static-int8 profiles only: Conv/MatMul/Gemm node names to leave in float (run on the device\'s host ' +
      'CPU, listed as host fallback in the pass report). An unknown name fails the compile.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(256)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  keepInFloat?: string[];

  @ApiPropertyOptional({ type: AccuracyBudgetOverrideDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AccuracyBudgetOverrideDto)
  accuracyBudget?: AccuracyBudgetOverrideDto;
}

export class CompileRequestDto implements CompileRequest {
  @ApiPropertyOptional({
    type: [String],
    description: 'Hardware profile names; default: every built-in profile the compiler has a pass for.',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(32)
  @ArrayUnique()
  @IsString({ each: true })
  profiles?: string[];

  @ApiPropertyOptional({ type: CompileOptionsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CompileOptionsDto)
  options?: CompileOptionsDto;
}
