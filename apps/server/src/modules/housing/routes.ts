import type { FastifyInstance } from 'fastify';
import { and, asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  ZCreateProjectRequest,
  ZCreatePresaleLicenceRequest,
  ZCreateBuildingRequest,
  ZUnitQuery,
  ZCreated,
  ZProjectView,
  ZProjectDetail,
  ZUnitPage,
  ZUnitsImported,
} from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import { staff, type StaffActor } from '../../http/auth';
import { notFound } from '../../http/errors';
import { answers, type JsonZodTypeProvider } from '../../http/json-answers';
import { projects, presaleLicences, buildings, units } from './tables';
import { createProject } from './create-project';
import { createPresaleLicence } from './create-presale-licence';
import { createBuilding } from './create-building';
import { importUnits } from './import-units';
import { SHEET_TYPES } from '../../platform/spreadsheet';

const tags = ['housing'];
const Id = z.object({ id: z.uuid() });

// the columns each view lists (a column added to a table is not sent until a view names it)
const PROJECT = {
  id: projects.id,
  sellerOrgId: projects.sellerOrgId,
  name: projects.name,
  city: projects.city,
  district: projects.district,
  address: projects.address,
  createdAt: projects.createdAt,
};
const LICENCE = {
  id: presaleLicences.id,
  projectId: presaleLicences.projectId,
  number: presaleLicences.number,
  validFrom: presaleLicences.validFrom,
  validTo: presaleLicences.validTo,
};
const BUILDING = {
  id: buildings.id,
  projectId: buildings.projectId,
  presaleLicenceId: buildings.presaleLicenceId,
  name: buildings.name,
  floors: buildings.floors,
};
const UNIT = {
  id: units.id,
  projectId: units.projectId,
  buildingId: units.buildingId,
  number: units.number,
  floor: units.floor,
  use: units.use,
  structure: units.structure,
  buildArea: units.buildArea,
  innerArea: units.innerArea,
  sharedArea: units.sharedArea,
  listUnitPrice: units.listUnitPrice,
  status: units.status,
  contractId: units.contractId,
  updatedAt: units.updatedAt,
};

export async function housingRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<JsonZodTypeProvider>();

  /** A seller clerk sees its own company's projects; an administrator sees all. */
  async function visibleProject(a: StaffActor, id: string) {
    const [p] = await ctx.db.select(PROJECT).from(projects).where(eq(projects.id, id));
    if (!p || (a.role !== 'admin' && p.sellerOrgId !== a.orgId)) throw notFound('项目');
    return p;
  }

  app.get(
    '/api/projects',
    { schema: { tags, summary: '项目列表', response: answers({ 200: z.array(ZProjectView) }) } },
    async (req) => {
      const a = staff(req, 'seller_clerk', 'admin');
      const q = ctx.db.select(PROJECT).from(projects);
      return (a.role === 'admin' ? q : q.where(eq(projects.sellerOrgId, a.orgId))).orderBy(asc(projects.createdAt));
    },
  );

  app.get(
    '/api/projects/:id',
    { schema: { tags, summary: '项目、预售许可证与楼栋', params: Id, response: answers({ 200: ZProjectDetail }) } },
    async (req) => {
      const p = await visibleProject(staff(req, 'seller_clerk', 'admin'), req.params.id);
      const licences = await ctx.db.select(LICENCE).from(presaleLicences).where(eq(presaleLicences.projectId, p.id));
      const blds = await ctx.db
        .select(BUILDING)
        .from(buildings)
        .where(eq(buildings.projectId, p.id))
        .orderBy(asc(buildings.name));
      const counts = await ctx.db
        .select({ buildingId: units.buildingId, status: units.status, n: count() })
        .from(units)
        .where(eq(units.projectId, p.id))
        .groupBy(units.buildingId, units.status);
      const unitsByStatus = (buildingId: string) =>
        Object.fromEntries(counts.filter((c) => c.buildingId === buildingId).map((c) => [c.status, c.n]));
      return {
        ...p,
        presaleLicences: licences,
        buildings: blds.map((b) => ({ ...b, unitsByStatus: unitsByStatus(b.id) })),
      };
    },
  );

  // The building grid (floors × units): paged, filtered by building and status.
  app.get(
    '/api/projects/:id/units',
    {
      schema: {
        tags,
        summary: '房屋列表（楼盘表）',
        params: Id,
        querystring: ZUnitQuery,
        response: answers({ 200: ZUnitPage }),
      },
    },
    async (req) => {
      const p = await visibleProject(staff(req, 'seller_clerk', 'admin'), req.params.id);
      const { buildingId, status, page, pageSize } = req.query;
      const where = and(
        eq(units.projectId, p.id),
        buildingId ? eq(units.buildingId, buildingId) : undefined,
        status ? eq(units.status, status) : undefined,
      );
      const [{ total }] = await ctx.db.select({ total: count() }).from(units).where(where);
      const items = await ctx.db
        .select(UNIT)
        .from(units)
        .where(where)
        .orderBy(asc(units.buildingId), asc(units.floor), asc(units.number))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      return { total, page, pageSize, items };
    },
  );

  app.post(
    '/api/admin/projects',
    { schema: { tags, summary: '新增项目', body: ZCreateProjectRequest, response: answers({ 201: ZCreated }) } },
    async (req, reply) => reply.status(201).send(await createProject(ctx, staff(req, 'admin'), req.body)),
  );
  app.post(
    '/api/admin/projects/:id/presale-licences',
    {
      schema: {
        tags,
        summary: '新增预售许可证',
        params: Id,
        body: ZCreatePresaleLicenceRequest,
        response: answers({ 201: ZCreated }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createPresaleLicence(ctx, staff(req, 'admin'), req.params.id, req.body)),
  );
  app.post(
    '/api/admin/projects/:id/buildings',
    {
      schema: {
        tags,
        summary: '新增楼栋',
        params: Id,
        body: ZCreateBuildingRequest,
        response: answers({ 201: ZCreated }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createBuilding(ctx, staff(req, 'admin'), req.params.id, req.body)),
  );

  // the table as the office exported it (CSV in UTF-8 or GBK, or .xlsx), raw bytes: the server
  // detects the encoding; the report names every bad row and column, and nothing is kept then
  for (const type of SHEET_TYPES)
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
  app.post(
    '/api/admin/buildings/:id/units/import',
    {
      schema: {
        tags,
        summary: '从表格导入房屋（CSV：UTF-8 或 GBK；.xlsx）',
        params: Id,
        consumes: [...SHEET_TYPES],
        response: answers({ 201: ZUnitsImported }),
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body))
        return reply.status(415).send({ code: 'CSV_REQUIRED', message: '请以 CSV（text/csv）或 .xlsx 文件上传房屋表' });
      return reply.status(201).send(await importUnits(ctx, staff(req, 'admin'), req.params.id, req.body));
    },
  );
}
