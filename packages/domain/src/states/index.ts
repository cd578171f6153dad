export * from './machine';
export * from './contract';
export * from './notary-case';
export * from './buyer-application';
export * from './filing';
export * from './unit';
export * from './unit-effects';
export * from './filing-effects';
