import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import {
  API_KEY_ROLES,
  ApiKeyRole,
  RESOURCE_NAME_PATTERN,
  RESOURCE_NAME_RULE,
} from '@edgeplane/contracts';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'ci-pipeline', description: 'Unique name: what or who uses the key.' })
  @IsString()
  @Matches(RESOURCE_NAME_PATTERN, { message: `name must be ${RESOURCE_NAME_RULE}` })
  name!: string;

  @ApiProperty({ enum: API_KEY_ROLES, description: 'admin ⊃ operator ⊃ viewer.' })
  @IsIn(API_KEY_ROLES, { message: `role must be one of: ${API_KEY_ROLES.join(', ')}` })
  role!: ApiKeyRole;
}
