import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEVICE_STATUSES, DeviceStatus, MAX_LABEL_SELECTOR_LENGTH } from '@edgeplane/contracts';

export const DEVICE_SORT_KEYS = ['name', 'createdAt'] as const;
export const MAX_PAGE_SIZE = 500;

export class ListDevicesQuery {
  @ApiPropertyOptional({
    description: 'Kubernetes label selector, e.g. `site=berlin,tier!=canary,gpu` or `env in (prod,staging)`.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LABEL_SELECTOR_LENGTH)
  selector?: string;

  @ApiPropertyOptional({ enum: DEVICE_STATUSES })
  @IsOptional()
  @IsIn(DEVICE_STATUSES, { message: `status must be one of: ${DEVICE_STATUSES.join(', ')}` })
  status?: DeviceStatus;

  @ApiPropertyOptional({ description: 'Hardware profile name.' })
  @IsOptional()
  @IsString()
  hardwareProfile?: string;

  @ApiPropertyOptional({ enum: DEVICE_SORT_KEYS, default: 'name' })
  @IsOptional()
  @IsIn(DEVICE_SORT_KEYS, { message: `sort must be one of: ${DEVICE_SORT_KEYS.join(', ')}` })
  sort: (typeof DEVICE_SORT_KEYS)[number] = 'name';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order: 'asc' | 'desc' = 'asc';

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit = 50;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page, with the same sort and order.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
