import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, integer, index } from 'drizzle-orm/pg-core';

/** Every PDF the server issued, by its SHA-256: what "the document on record" means to `verify`. */
export const issuedDocuments = pgTable(
  'issued_documents',
  {
    sha256: text('sha256').primaryKey(),
    /** econtract | application_form | notice | intake_record | certificate | filing_record */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** 业务号, certificate number or filing number it belongs to */
    reference: text('reference').notNull(),
    signedBy: text('signed_by'),
    pages: integer('pages').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * PAdES B-LTA (issue 13 item 2): when the TSA certificate of the file's last document
     * time-stamp expires — a renewal archive time-stamp is due before then. Null: no time-stamp yet.
     */
    archiveUntil: timestamp('archive_until', { withTimezone: true }),
    /** the same document with a newer archive time-stamp (its SHA-256); this file stays on record */
    renewedTo: text('renewed_to'),
  },
  (t) => [index('issued_documents_archive_due').on(t.archiveUntil).where(sql`${t.renewedTo} is null`)],
);

/**
 * Certificates the platform CA revoked (issue 13 item 1): what its CRLs list and its OCSP
 * responder answers. `issuerKeyId` names the CA (its key identifier), so old roots keep theirs.
 */
export const certificateRevocations = pgTable('certificate_revocations', {
  /** certificate serial number, lowercase hex as in the certificate */
  serial: text('serial').primaryKey(),
  issuerKeyId: text('issuer_key_id').notNull(),
  /** the key_store row the certificate belonged to, e.g. org:<id> */
  keyName: text('key_name').notNull(),
  subject: text('subject').notNull(),
  /** CRLReason name: keyCompromise, superseded, … */
  reason: text('reason').notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }).notNull(),
});
