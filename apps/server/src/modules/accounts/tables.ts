import type { OrgKind, StaffRole } from '../../platform/app-context';
import { pgTable, text, timestamp, uuid, boolean, integer, uniqueIndex, index } from 'drizzle-orm/pg-core';

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey(),
  /** seller | notary | center | platform */
  kind: text('kind').$type<OrgKind>().notNull(),
  name: text('name').notNull(),
  /** 统一社会信用代码 */
  uscc: text('uscc'),
  city: text('city'),
  address: text('address'),
  phone: text('phone'),
  legalRepName: text('legal_rep_name'),
  legalRepIdNumber: text('legal_rep_id_number'),
  /** blob SHA-256 of the business licence scan and the legal representative's ID photos */
  businessLicenceFile: text('business_licence_file'),
  legalRepIdFrontFile: text('legal_rep_id_front_file'),
  legalRepIdBackFile: text('legal_rep_id_back_file'),
  /** notary office: the middle of its certificate numbers, e.g. 粤中山证字 */
  certificatePrefix: text('certificate_prefix'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').$type<StaffRole>().notNull(),
    passwordHash: text('password_hash').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username), index('users_org_idx').on(t.orgId)],
);

/** Staff and buyer sessions; only the token's hash is stored. */
export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  /** staff | buyer */
  kind: text('kind').notNull(),
  userId: uuid('user_id'),
  orgId: uuid('org_id'),
  role: text('role'),
  phone: text('phone'),
  csrfToken: text('csrf_token').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One-time sign-in codes for buyers; only the code's hash is stored. */
export const otpCodes = pgTable(
  'otp_codes',
  {
    id: uuid('id').primaryKey(),
    phone: text('phone').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    usedAt: timestamp('used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('otp_phone_idx').on(t.phone)],
);
