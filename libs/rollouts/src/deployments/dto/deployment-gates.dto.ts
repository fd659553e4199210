import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsPositive, Max, Min } from 'class-validator';
import { DeploymentGates } from '@edgeplane/contracts';

const finite = { allowNaN: false, allowInfinity: false };

/** Gate thresholds; exactly one of the two p95 gates (checked in deployment-request.rules.ts). */
export class DeploymentGatesDto implements DeploymentGates {
  @ApiProperty({ example: 5, description: 'Most devices of a wave, in percent (0–100), that may fail.' })
  @IsNumber(finite)
  @Min(0)
  @Max(100)
  maxFailedPercent!: number;

  @ApiProperty({ example: 0.01, description: 'Highest inference error rate (0–1) over a wave\'s devices.' })
  @IsNumber(finite)
  @Min(0)
  @Max(1)
  maxErrorRate!: number;

  @ApiPropertyOptional({ example: 40, description: 'Highest p95 latency in ms (> 0). Give this or maxP95RegressionPercent.' })
  @IsOptional()
  @IsNumber(finite)
  @IsPositive({ message: 'maxP95LatencyMs must be greater than 0' })
  maxP95LatencyMs?: number;

  @ApiPropertyOptional({ example: 20, description: 'Highest p95 increase in percent (≥ 0) against the variant the devices ran before.' })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  maxP95RegressionPercent?: number;

  @ApiProperty({ example: 80, description: 'Least share of a wave\'s devices, in percent (0–100), that must have reported.' })
  @IsNumber(finite)
  @Min(0)
  @Max(100)
  minReportedPercent!: number;
}
