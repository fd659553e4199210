import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_ASSIGNMENTS } from '@edgeplane/contracts';

export class RuntimeOverridesDto {
  @ApiPropertyOptional({ example: ['cuda', 'cpu'], description: "Execution providers in order of preference; default: the variant's profile's." })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  executionProviders?: string[];

  @ApiPropertyOptional({ example: 2, description: 'ONNX Runtime intra-op threads; 0 (default) lets ONNX Runtime choose.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(256)
  intraOpThreads?: number;
}

export class AssignmentRequestDto {
  @ApiProperty({ description: 'An accepted variant built for the device\'s hardware profile or its class.' })
  @IsUUID()
  variantId!: string;

  @ApiPropertyOptional({ type: RuntimeOverridesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RuntimeOverridesDto)
  runtime?: RuntimeOverridesDto;
}

export class PutDesiredStateDto {
  @ApiProperty({ type: [AssignmentRequestDto], description: 'Everything the device must serve, one variant per model; [] serves nothing.' })
  @IsArray()
  @ArrayMaxSize(MAX_ASSIGNMENTS)
  @IsObject({ each: true, message: 'each assignment must be an object' })
  @ValidateNested({ each: true })
  @Type(() => AssignmentRequestDto)
  assignments!: AssignmentRequestDto[];
}
