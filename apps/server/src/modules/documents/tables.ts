import { pgTable, text, timestamp, integer } from 'drizzle-orm/pg-core';

/** Every PDF the server issued, by its SHA-256: what "the document on record" means to `verify`. */
export const issuedDocuments = pgTable('issued_documents', {
  sha256: text('sha256').primaryKey(),
  /** econtract | application_form | notice | intake_record | certificate | filing_record */
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  /** 业务号, certificate number or filing number it belongs to */
  reference: text('reference').notNull(),
  signedBy: text('signed_by'),
  pages: integer('pages').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
});
