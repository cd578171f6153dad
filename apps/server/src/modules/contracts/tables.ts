import { pgTable, text, timestamp, uuid, integer, jsonb, uniqueIndex, index, bigint } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { ContractStatus } from '@netsign/domain';
import type { TContractParties, TContractTermsDraft, TMaterialCategory } from '@netsign/api';

export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey(),
    /** 业务号 */
    businessNo: text('business_no').notNull(),
    sellerOrgId: uuid('seller_org_id').notNull(),
    projectId: uuid('project_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    /** the ContractStatus of packages/domain */
    status: text('status').$type<ContractStatus>().notNull(),
    /** notarized | paper, chosen when the seller pushes or prints */
    path: text('path').$type<'notarized' | 'paper'>(),
    /** the GF-2014-0171 fields (TContractTerms), validated by its zod schema */
    terms: jsonb('terms').$type<TContractTermsDraft>().notNull(),
    /** seller and unit as the server's records had them (TContractParties), fixed at 提交 */
    parties: jsonb('parties').$type<TContractParties>().notNull(),
    totalPrice: bigint('total_price', { mode: 'number' }),
    passwordHash: text('password_hash'),
    notaryOfficeId: uuid('notary_office_id'),
    notaryCaseId: uuid('notary_case_id'),
    qrLink: text('qr_link'),
    qrExpiresAt: timestamp('qr_expires_at', { withTimezone: true }),
    econtractFile: text('econtract_file'),
    econtractSha256: text('econtract_sha256'),
    certificateNumber: text('certificate_number'),
    certificateFile: text('certificate_file'),
    filingNumber: text('filing_number'),
    filingRecordFile: text('filing_record_file'),
    returnReason: text('return_reason'),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    createdBy: uuid('created_by').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contracts_business_no_uq').on(t.businessNo),
    // one unit, at most one live contract: the database keeps the rule even if code forgets
    uniqueIndex('contracts_live_unit_uq').on(t.unitId).where(sql`status not in ('草稿', '已撤销')`),
    index('contracts_seller_idx').on(t.sellerOrgId, t.createdAt),
  ],
);

/** 收件材料: one row per uploaded file; deleting marks it, the bytes stay for the record. */
export const contractMaterials = pgTable(
  'contract_materials',
  {
    id: uuid('id').primaryKey(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    category: text('category').$type<TMaterialCategory>().notNull(),
    fileSha256: text('file_sha256').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('materials_contract_idx').on(t.contractId)],
);
