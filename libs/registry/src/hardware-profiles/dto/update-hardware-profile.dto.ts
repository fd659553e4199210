import { HardwareProfileFieldsDto } from './hardware-profile-fields.dto';

/** A profile's name and class are its identity; everything else can change. */
export class UpdateHardwareProfileDto extends HardwareProfileFieldsDto {}
