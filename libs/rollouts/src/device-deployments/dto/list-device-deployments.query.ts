import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_DEVICE_DEPLOYMENTS = 100;

export class ListDeviceDeploymentsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_DEVICE_DEPLOYMENTS, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(MAX_DEVICE_DEPLOYMENTS)
  limit = 20;
}
