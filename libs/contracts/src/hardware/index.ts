export * from './hardware-profile';
