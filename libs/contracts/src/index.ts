export * from './temporal';
export * from './config';
export * from './campaign';
