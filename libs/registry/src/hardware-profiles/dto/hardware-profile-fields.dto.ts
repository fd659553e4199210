import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { IsOmittable } from '@edgeplane/platform';
import { AccuracyBudgetDto } from './accuracy-budget.dto';
import {
  EXECUTION_PROVIDERS,
  PRECISIONS,
  Precision,
  QUANTIZATION_SCHEMES,
  QuantizationScheme,
  SCALE_CONSTRAINTS,
  ScaleConstraint,
} from '@edgeplane/contracts';

const ONNX_OPERATOR = /^([a-z][a-z0-9.]*:)?[A-Z][A-Za-z0-9_]*$/;

/** The adjustable part of a profile; a field left out keeps the value of the profile's class. */
export class HardwareProfileFieldsDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ enum: PRECISIONS })
  @IsOmittable()
  @IsIn(PRECISIONS, { message: `precision must be one of: ${PRECISIONS.join(', ')}` })
  precision?: Precision;

  @ApiPropertyOptional({ enum: QUANTIZATION_SCHEMES })
  @IsOmittable()
  @IsIn(QUANTIZATION_SCHEMES, { message: `quantization must be one of: ${QUANTIZATION_SCHEMES.join(', ')}` })
  quantization?: QuantizationScheme;

  @ApiPropertyOptional({ enum: SCALE_CONSTRAINTS })
  @IsOmittable()
  @IsIn(SCALE_CONSTRAINTS, { message: `scaleConstraint must be one of: ${SCALE_CONSTRAINTS.join(', ')}` })
  scaleConstraint?: ScaleConstraint;

  @ApiPropertyOptional({ type: [String], enum: EXECUTION_PROVIDERS, description: 'In order of preference.' })
  @IsOmittable()
  @ArrayUnique()
  @ArrayMaxSize(8)
  @IsIn(EXECUTION_PROVIDERS, {
    each: true,
    message: `each execution provider must be one of: ${EXECUTION_PROVIDERS.join(', ')}`,
  })
  executionProviders?: string[];

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    description: 'ONNX operator types the hardware runs; null allows any.',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @ArrayUnique()
  @ArrayMaxSize(500)
  @Matches(ONNX_OPERATOR, { each: true, message: 'each operator must be an ONNX op type such as "Conv" or "com.microsoft:QGemm"' })
  operatorAllowlist?: string[] | null;

  @ApiPropertyOptional({ type: AccuracyBudgetDto, description: 'Accuracy a variant must keep to be accepted.' })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => AccuracyBudgetDto)
  accuracyBudget?: AccuracyBudgetDto;

  @ApiPropertyOptional({ minimum: 1024, description: 'Largest model file the device can load, in bytes.' })
  @IsOmittable()
  @IsInt()
  @Min(1024)
  @Max(Number.MAX_SAFE_INTEGER)
  maxModelBytes?: number;
}
