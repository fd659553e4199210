export * from './models.module';
export * from './model.errors';
export * from './versions/models.service';
