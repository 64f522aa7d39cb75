export * from './config';
export * from './temporal-worker';
