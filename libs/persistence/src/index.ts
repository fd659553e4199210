export * from './persistence.module';
export * from './prisma/prisma.service';
export * from './prisma/prisma-errors';
export * from './repositories/device.repository';
export * from './repositories/hardware-profile.repository';
export * from './repositories/api-key.repository';
export * from './repositories/model.repository';
export * from './repositories/variant.repository';
