export * from './zod';
export * from './errors';
export * from './contract-terms';
export * from './accounts';
export * from './housing';
export * from './contracts';
export * from './notary';
export * from './calendar';
