export * from './broker-access.service';
export * from './device-broker-policy';
