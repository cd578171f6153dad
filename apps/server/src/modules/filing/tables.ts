import { pgTable, text, timestamp, uuid, jsonb, uniqueIndex, index, integer } from 'drizzle-orm/pg-core';
import type { FilingReviewResult, FilingStatus } from '@netsign/domain';
import type { TFilingRequested } from '../events';

/** 备案申请: made from the contract's snapshot when the seller applies. */
export const filings = pgTable(
  'filings',
  {
    id: uuid('id').primaryKey(),
    contractId: uuid('contract_id').notNull(),
    businessNo: text('business_no').notNull(),
    sellerOrgId: uuid('seller_org_id').notNull(),
    /** the transaction center of the unit's city: the only one that may read or decide the filing */
    centerOrgId: uuid('center_org_id'),
    /** notarized | paper */
    path: text('path').$type<TFilingRequested['path']>().notNull(),
    status: text('status').$type<FilingStatus>().notNull(),
    /** the `filing.requested` message, ID numbers sealed (opened by loadFiling) */
    snapshot: jsonb('snapshot').$type<TFilingRequested>().notNull(),
    filingNumber: text('filing_number'),
    recordFile: text('record_file'),
    reason: text('reason'),
    acceptedBy: uuid('accepted_by'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    /** 审核: who, when, and its result (通过 | 退回) */
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewResult: text('review_result').$type<FilingReviewResult>(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('filings_number_uq').on(t.filingNumber),
    index('filings_contract_idx').on(t.contractId),
    index('filings_status_idx').on(t.status, t.createdAt),
    index('filings_center_idx').on(t.centerOrgId, t.createdAt),
  ],
);
