import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export const MAX_DEPLOYMENT_PAGE_SIZE = 200;

export class ListDeploymentsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_DEPLOYMENT_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(MAX_DEPLOYMENT_PAGE_SIZE)
  limit = 50;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsUUID('all', { message: 'cursor must be a nextCursor returned by this API' })
  cursor?: string;
}
