export * from './auth.module';
export * from './auth.errors';
export * from './api-keys/api-keys.service';
export * from './guard/require-role.decorator';
export * from './guard/authenticated-key';
export * from './bootstrap/admin-bootstrap.service';
export * from './guard/allow-device.decorator';
