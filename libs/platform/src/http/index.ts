export * from './problem';
export * from './problem.filter';
export * from './request-validation.error';
export * from './configure-http';
export * from './public.decorator';
export * from './parse-id.pipe';
export * from './param.pipes';
export * from './audited-read.decorator';
