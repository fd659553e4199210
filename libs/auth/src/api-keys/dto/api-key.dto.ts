import { ApiProperty } from '@nestjs/swagger';
import { API_KEY_ROLES, ApiKeyRole, ApiKeyView, CreatedApiKeyView } from '@edgeplane/contracts';

export class ApiKeyDto implements ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: API_KEY_ROLES }) role!: ApiKeyRole;
  @ApiProperty({ example: 'epk_3kT9aQ', description: 'First characters of the token.' }) prefix!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto implements CreatedApiKeyView {
  @ApiProperty({ description: 'The bearer token, shown only in this response. Store it now.' })
  token!: string;
}
