export * from './npy';
export * from './calibration-set';
