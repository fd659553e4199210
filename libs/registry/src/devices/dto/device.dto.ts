import { ApiProperty } from '@nestjs/swagger';
import {
  DEVICE_STATUSES,
  DeviceCapabilities,
  DeviceCredentialHistoryView,
  DeviceCredentialsView,
  DeviceStatus,
  DeviceView,
  Page,
} from '@edgeplane/contracts';

export class DeviceCapabilitiesDto implements DeviceCapabilities {
  @ApiProperty({ example: 'arm64' }) cpuArch!: string;
  @ApiProperty() cpuCores!: number;
  @ApiProperty() memoryBytes!: number;
  @ApiProperty({ type: [String] }) accelerators!: string[];
  @ApiProperty({ type: [String], required: false }) executionProviders?: string[];
}

export class DeviceDto implements DeviceView {
  @ApiProperty({ format: 'uuid', description: 'Also the MQTT client id and username.' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() hardwareProfile!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiProperty({ enum: DEVICE_STATUSES }) status!: DeviceStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSeenAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) agentVersion!: string | null;
  @ApiProperty({ nullable: true, type: DeviceCapabilitiesDto }) capabilities!: DeviceCapabilities | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decommissionedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class DevicePageDto implements Page<DeviceView> {
  @ApiProperty({ type: [DeviceDto] }) items!: DeviceDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class DeviceCredentialsDto implements DeviceCredentialsView {
  @ApiProperty({ format: 'uuid' }) credentialId!: string;
  @ApiProperty({ description: 'The device id.' }) username!: string;
  @ApiProperty({ description: 'Shown only in this response; Edgeplane keeps a hash.' }) secret!: string;
}

export class ProvisionedDeviceDto {
  @ApiProperty({ type: DeviceDto }) device!: DeviceDto;
  @ApiProperty({ type: DeviceCredentialsDto }) credentials!: DeviceCredentialsDto;
}

export class DeviceCredentialHistoryDto implements DeviceCredentialHistoryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ enum: ['reissued', 'decommissioned'], nullable: true }) revokeReason!:
    | 'reissued'
    | 'decommissioned'
    | null;
}
