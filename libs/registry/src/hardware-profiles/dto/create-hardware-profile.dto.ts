import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import {
  HARDWARE_CLASSES,
  HardwareClass,
  RESOURCE_NAME_PATTERN,
  RESOURCE_NAME_RULE,
} from '@edgeplane/contracts';
import { HardwareProfileFieldsDto } from './hardware-profile-fields.dto';

export class CreateHardwareProfileDto extends HardwareProfileFieldsDto {
  @ApiProperty({ example: 'jetson-orin' })
  @IsString()
  @Matches(RESOURCE_NAME_PATTERN, { message: `name must be ${RESOURCE_NAME_RULE}` })
  name!: string;

  @ApiProperty({ enum: HARDWARE_CLASSES, description: 'Built-in class the profile derives from.' })
  @IsIn(HARDWARE_CLASSES, { message: `class must be one of: ${HARDWARE_CLASSES.join(', ')}` })
  class!: HardwareClass;
}
