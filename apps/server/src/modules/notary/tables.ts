import { pgTable, text, timestamp, uuid, integer, jsonb, uniqueIndex, index, primaryKey } from 'drizzle-orm/pg-core';

/** 公证案件: one per pushed contract. The contract arrives as a snapshot: this side never reads the 网签 tables. */
export const notaryCases = pgTable('notary_cases', {
  id: uuid('id').primaryKey(),
  officeId: uuid('office_id').notNull(),
  contractId: uuid('contract_id').notNull(),
  businessNo: text('business_no').notNull(),
  sellerOrgId: uuid('seller_org_id').notNull(),
  /** TContractSnapshot: parties, unit, price, e-contract file and hash, materials */
  snapshot: jsonb('snapshot').notNull(),
  status: text('status').notNull(),
  qrTokenHash: text('qr_token_hash').notNull(),
  qrExpiresAt: timestamp('qr_expires_at', { withTimezone: true }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  deadline: timestamp('deadline', { withTimezone: true }).notNull(),
  certificateNumber: text('certificate_number'),
  certificateFile: text('certificate_file'),
  certificateSha256: text('certificate_sha256'),
  verificationCode: text('verification_code'),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  reason: text('reason'),
  version: integer('version').notNull().default(1),
}, (t) => [
  uniqueIndex('cases_contract_live_uq').on(t.contractId, t.receivedAt),
  uniqueIndex('cases_qr_uq').on(t.qrTokenHash),
  uniqueIndex('cases_cert_uq').on(t.certificateNumber),
  index('cases_office_idx').on(t.officeId, t.receivedAt),
]);

/** A buyer's application within a case: one per buyer, every step's evidence in `steps`. */
export const buyerApplications = pgTable('buyer_applications', {
  id: uuid('id').primaryKey(),
  caseId: uuid('case_id').notNull().references(() => notaryCases.id),
  buyerIndex: integer('buyer_index').notNull(),
  buyerName: text('buyer_name').notNull(),
  buyerPhone: text('buyer_phone').notNull(),
  /** mainland | non_mainland (manual 4.1 / 4.2) */
  route: text('route').notNull(),
  status: text('status').notNull(),
  /** phone of the signed-in buyer who claimed this entry */
  claimedBy: text('claimed_by'),
  steps: jsonb('steps').notNull().default({}),
  reason: text('reason'),
  /** what the notary asked to redo (补正) */
  supplement: jsonb('supplement'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('applications_case_buyer_uq').on(t.caseId, t.buyerIndex), index('applications_phone_idx').on(t.buyerPhone)]);

/** The four documents each buyer reads: which version, which bytes. */
export const caseDocuments = pgTable('case_documents', {
  id: uuid('id').primaryKey(),
  caseId: uuid('case_id').notNull().references(() => notaryCases.id),
  /** null for documents shared by every buyer of the case */
  applicationId: uuid('application_id'),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  version: text('version').notNull(),
  fileSha256: text('file_sha256').notNull(),
  pages: integer('pages').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('case_documents_case_idx').on(t.caseId)]);

/** Certificate numbers run per office and year with no gap: the row lock serialises approvals. */
export const certificateCounters = pgTable('certificate_counters', {
  officeId: uuid('office_id').notNull(),
  year: integer('year').notNull(),
  last: integer('last').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.officeId, t.year] })]);
