import type { UnitStatus } from '@netsign/domain';
import { pgTable, text, timestamp, uuid, integer, date, uniqueIndex, index, bigint } from 'drizzle-orm/pg-core';

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey(),
    sellerOrgId: uuid('seller_org_id').notNull(),
    name: text('name').notNull(),
    city: text('city').notNull(),
    district: text('district'),
    address: text('address').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('projects_seller_idx').on(t.sellerOrgId)],
);

export const presaleLicences = pgTable(
  'presale_licences',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    number: text('number').notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to').notNull(),
  },
  (t) => [uniqueIndex('presale_number_uq').on(t.number)],
);

export const buildings = pgTable(
  'buildings',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    presaleLicenceId: uuid('presale_licence_id').references(() => presaleLicences.id),
    name: text('name').notNull(),
    floors: integer('floors').notNull(),
  },
  (t) => [uniqueIndex('buildings_project_name_uq').on(t.projectId, t.name)],
);

export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => buildings.id),
    sellerOrgId: uuid('seller_org_id').notNull(),
    /** room number, e.g. 1203 */
    number: text('number').notNull(),
    floor: integer('floor').notNull(),
    use: text('use').notNull().default('住宅'),
    structure: text('structure').notNull().default('钢筋混凝土结构'),
    /** areas in hundredths of a square metre, so sums stay exact */
    buildArea: integer('build_area').notNull(),
    innerArea: integer('inner_area').notNull(),
    sharedArea: integer('shared_area').notNull(),
    /** 拟售价格, fen per m² of build area */
    listUnitPrice: bigint('list_unit_price', { mode: 'number' }),
    /** 可售 | 已锁定 | 已签约 | 已备案 */
    status: text('status').$type<UnitStatus>().notNull().default('可售'),
    contractId: uuid('contract_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('units_building_number_uq').on(t.buildingId, t.number),
    index('units_project_idx').on(t.projectId),
  ],
);
