import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export const MAX_AUDIT_PAGE_SIZE = 500;

export class ListAuditEventsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only events by this API key or device (its id).' })
  @IsOptional()
  @IsUUID('all', { message: 'actor must be the id of an API key or a device' })
  actor?: string;

  @ApiPropertyOptional({ example: '/api/v1/devices/:id', description: 'Only events on this route pattern.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  route?: string;

  @ApiPropertyOptional({ description: 'Only events whose route parameters name this resource (a device id, a model name, …).' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  resource?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only events at or after this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO 8601 date-time' })
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only events before this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO 8601 date-time' })
  to?: Date;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_AUDIT_PAGE_SIZE, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(MAX_AUDIT_PAGE_SIZE)
  limit = 100;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page, with the same filters.' })
  @IsOptional()
  @IsUUID('all', { message: 'cursor must be a nextCursor returned by this API' })
  cursor?: string;
}
