export * from './compiler.module';
export * from './variant-compiler.service';
export * from './compile.errors';
