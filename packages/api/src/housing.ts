import { UNIT_STATUSES } from '@netsign/domain/states/unit';
import { z, ZDate, ZInstant } from './zod';

export const ZCreateProjectRequest = z.object({
  sellerOrgId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  city: z.string().trim().min(2).max(30),
  district: z.string().trim().max(30).optional(),
  address: z.string().trim().min(1).max(200),
});
export const ZCreatePresaleLicenceRequest = z
  .object({
    number: z.string().trim().min(3).max(60),
    validFrom: ZDate,
    validTo: ZDate,
  })
  .refine((v) => v.validTo >= v.validFrom, { path: ['validTo'], message: '有效期止不能早于有效期起' });
export const ZCreateBuildingRequest = z.object({
  name: z.string().trim().min(1).max(30),
  floors: z.number().int().min(1).max(200),
  presaleLicenceId: z.uuid(),
});
/** the unit machine's states (packages/domain) */
export const UNIT_STATUS = UNIT_STATUSES;
export const ZUnitQuery = z.object({
  buildingId: z.uuid().optional(),
  status: z.enum(UNIT_STATUS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
/** The columns of a units CSV file, in this order, with a header row. */
export const UNIT_CSV_COLUMNS = [
  '房号',
  '楼层',
  '用途',
  '结构',
  '建筑面积',
  '套内面积',
  '分摊面积',
  '拟售单价',
] as const;

// —— answers ——

/** A project (楼盘) of a seller. */
export const ZProjectView = z.object({
  id: z.uuid(),
  sellerOrgId: z.uuid(),
  name: z.string(),
  city: z.string(),
  district: z.string().nullable(),
  address: z.string(),
  createdAt: ZInstant,
});
export const ZPresaleLicenceView = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  number: z.string(),
  validFrom: ZDate,
  validTo: ZDate,
});
export const ZBuildingView = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  presaleLicenceId: z.uuid().nullable(),
  name: z.string(),
  floors: z.number().int(),
  /** how many of its units are in each status (a status without units is absent) */
  unitsByStatus: z.partialRecord(z.enum(UNIT_STATUS), z.number().int()),
});
/** 项目详情: the project, its presale licences and its buildings. */
export const ZProjectDetail = ZProjectView.extend({
  presaleLicences: z.array(ZPresaleLicenceView),
  buildings: z.array(ZBuildingView),
});
export type TProjectDetail = z.infer<typeof ZProjectDetail>;

/** A unit of the 楼盘表: areas in hundredths of a m², the list price in fen per m² of build area. */
export const ZUnitView = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  buildingId: z.uuid(),
  number: z.string(),
  floor: z.number().int(),
  use: z.string(),
  structure: z.string(),
  buildArea: z.number().int(),
  innerArea: z.number().int(),
  sharedArea: z.number().int(),
  listUnitPrice: z.number().int().nullable(),
  status: z.enum(UNIT_STATUS),
  /** the live contract holding it, if any */
  contractId: z.uuid().nullable(),
  updatedAt: ZInstant,
});
export type TUnitView = z.infer<typeof ZUnitView>;
export const ZUnitPage = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(ZUnitView),
});
/** 导入房屋: every row kept (a bad file keeps none and answers 400 naming each row and column). */
export const ZUnitsImported = z.object({ imported: z.number().int() });
