export * from './errors';
export * from './env';
export * from './dates';
export * from './roles';
export * from './campaign-calendar';
