export * from './fix-input-shapes';
