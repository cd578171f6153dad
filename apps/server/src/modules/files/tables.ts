import { pgTable, text, timestamp, integer } from 'drizzle-orm/pg-core';

/** What the blob store holds, by content: the bytes are addressed by their SHA-256. */
export const files = pgTable('files', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  mime: text('mime').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One upload at a time per client address on the public, sign-in-free upload (POST /api/public/verify
 * and /verify): a row is the claim, shared by every instance; it expires by itself if an instance dies.
 */
export const uploadClaims = pgTable('upload_claims', {
  clientKey: text('client_key').primaryKey(),
  claimId: text('claim_id').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
