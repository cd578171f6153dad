import { pgTable, integer, bigint, text, jsonb, timestamp } from 'drizzle-orm/pg-core';

/**
 * 节假日安排 an administrator loaded (a year's State Council notice), shared by every instance.
 * `version` grows with each load: an instance compares the largest with its cached calendar's.
 */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  data: jsonb('data').notNull(),
  sourceTitle: text('source_title').notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull(),
});
