import { pgTable, text, timestamp, integer } from 'drizzle-orm/pg-core';

/** What the blob store holds, by content: the bytes are addressed by their SHA-256. */
export const files = pgTable('files', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  mime: text('mime').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
