export * from './npy';
export * from './npz';
export * from './calibration-set';
