import { z, ZDate } from './zod';

export const ZCreateProjectRequest = z.object({
  sellerOrgId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  city: z.string().trim().min(2).max(30),
  district: z.string().trim().max(30).optional(),
  address: z.string().trim().min(1).max(200),
});
export const ZCreatePresaleLicenceRequest = z.object({
  number: z.string().trim().min(3).max(60),
  validFrom: ZDate,
  validTo: ZDate,
}).refine((v) => v.validTo >= v.validFrom, { path: ['validTo'], message: '有效期止不能早于有效期起' });
export const ZCreateBuildingRequest = z.object({
  name: z.string().trim().min(1).max(30),
  floors: z.number().int().min(1).max(200),
  presaleLicenceId: z.uuid(),
});
export const UNIT_STATUS = ['可售', '已锁定', '已签约', '已备案'] as const;
export const ZUnitQuery = z.object({
  buildingId: z.uuid().optional(),
  status: z.enum(UNIT_STATUS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
/** The columns of a units CSV file, in this order, with a header row. */
export const UNIT_CSV_COLUMNS = ['房号', '楼层', '用途', '结构', '建筑面积', '套内面积', '分摊面积', '拟售单价'] as const;
