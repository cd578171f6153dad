// Every table, for Drizzle's migrations and typed queries. Each context owns its own tables.
export * from './tables';
export * from '../modules/accounts/tables';
export * from '../modules/housing/tables';
export * from '../modules/contracts/tables';
export * from '../modules/notary/tables';
export * from '../modules/filing/tables';
export * from '../modules/files/tables';
export * from '../modules/audit/tables';
export * from '../modules/notifications/tables';
export * from '../modules/documents/tables';
export * from '../modules/calendar/tables';
