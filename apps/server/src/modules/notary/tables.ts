import { pgTable, text, timestamp, uuid, integer, jsonb, uniqueIndex, index, primaryKey } from 'drizzle-orm/pg-core';
import type { ApplicationStatus, CaseStatus } from '@netsign/domain';
import type {
  TApplicationSteps,
  TCaseDocumentKind,
  TCaseSnapshot,
  TSupplement,
  TVerificationRoute,
} from '@netsign/api';

/** 公证案件: one per pushed contract. The contract arrives as a snapshot: this side never reads the 网签 tables. */
export const notaryCases = pgTable(
  'notary_cases',
  {
    id: uuid('id').primaryKey(),
    officeId: uuid('office_id').notNull(),
    contractId: uuid('contract_id').notNull(),
    businessNo: text('business_no').notNull(),
    sellerOrgId: uuid('seller_org_id').notNull(),
    /** the contract as pushed: parties, unit, terms, e-contract file and hash, materials (ID numbers sealed) */
    snapshot: jsonb('snapshot').$type<TCaseSnapshot>().notNull(),
    status: text('status').$type<CaseStatus>().notNull(),
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
  },
  (t) => [
    uniqueIndex('cases_contract_live_uq').on(t.contractId, t.receivedAt),
    uniqueIndex('cases_qr_uq').on(t.qrTokenHash),
    uniqueIndex('cases_cert_uq').on(t.certificateNumber),
    index('cases_office_idx').on(t.officeId, t.receivedAt),
  ],
);

/** A buyer's application within a case: one per buyer, every step's evidence in `steps`. */
export const buyerApplications = pgTable(
  'buyer_applications',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => notaryCases.id),
    buyerIndex: integer('buyer_index').notNull(),
    buyerName: text('buyer_name').notNull(),
    buyerPhone: text('buyer_phone').notNull(),
    /** face (4.1) | document_video (4.2, or a buyer who refused face processing) */
    route: text('route').$type<TVerificationRoute>().notNull(),
    status: text('status').$type<ApplicationStatus>().notNull(),
    /** phone of the signed-in buyer who claimed this entry */
    claimedBy: text('claimed_by'),
    steps: jsonb('steps').$type<TApplicationSteps>().notNull().default({}),
    reason: text('reason'),
    /** what the notary asked to redo (补正) */
    supplement: jsonb('supplement').$type<TSupplement>(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('applications_case_buyer_uq').on(t.caseId, t.buyerIndex),
    index('applications_phone_idx').on(t.buyerPhone),
  ],
);

/** The four documents each buyer reads: which version, which bytes. */
export const caseDocuments = pgTable(
  'case_documents',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => notaryCases.id),
    /** null for documents shared by every buyer of the case */
    applicationId: uuid('application_id'),
    kind: text('kind').$type<TCaseDocumentKind>().notNull(),
    title: text('title').notNull(),
    version: text('version').notNull(),
    fileSha256: text('file_sha256').notNull(),
    pages: integer('pages').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_documents_case_idx').on(t.caseId)],
);

/**
 * 公证卷宗: the signed ASiC-E archive of a decided case, one per case (the key makes the job that
 * writes it idempotent); the bytes are a blob by their SHA-256.
 */
export const caseArchives = pgTable('case_archives', {
  caseId: uuid('case_id')
    .primaryKey()
    .references(() => notaryCases.id),
  sha256: text('sha256').notNull(),
  size: integer('size').notNull(),
  /** data objects listed in the signed manifest */
  files: integer('files').notNull(),
  /** subject of the certificate that signed the manifest */
  signedBy: text('signed_by').notNull(),
  madeAt: timestamp('made_at', { withTimezone: true }).notNull(),
});

/** Certificate numbers run per office and year with no gap: the row lock serialises approvals. */
export const certificateCounters = pgTable(
  'certificate_counters',
  {
    officeId: uuid('office_id').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.year] })],
);
