export * from './temporal';
export * from './config';
export * from './failures';
export * from './campaign';
export * from './form-review';
export * from './unit-campaign';
