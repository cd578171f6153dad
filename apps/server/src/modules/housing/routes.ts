import type { FastifyInstance } from 'fastify';
import { and, asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { ZCreateProjectRequest, ZCreatePresaleLicenceRequest, ZCreateBuildingRequest, ZUnitQuery } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import { staff, type StaffActor } from '../../http/auth';
import { notFound } from '../../http/errors';
import { projects, presaleLicences, buildings, units } from './tables';
import { createProject } from './create-project';
import { createPresaleLicence } from './create-presale-licence';
import { createBuilding } from './create-building';
import { importUnitsCsv } from './import-units-csv';

const tags = ['housing'];
const Id = z.object({ id: z.uuid() });

export async function housingRoutes(app: FastifyInstance, ctx: AppContext) {
  /** A seller clerk sees its own company's projects; an administrator sees all. */
  async function visibleProject(a: StaffActor, id: string) {
    const [p] = await ctx.db.select().from(projects).where(eq(projects.id, id));
    if (!p || (a.role !== 'admin' && p.sellerOrgId !== a.orgId)) throw notFound('项目');
    return p;
  }

  app.get('/api/projects', { schema: { tags, summary: '项目列表' } }, async (req) => {
    const a = staff(req, 'seller_clerk', 'admin');
    const q = ctx.db.select().from(projects);
    return (a.role === 'admin' ? q : q.where(eq(projects.sellerOrgId, a.orgId))).orderBy(asc(projects.createdAt));
  });

  app.get('/api/projects/:id', { schema: { tags, summary: '项目、预售许可证与楼栋', params: Id } }, async (req: any) => {
    const p = await visibleProject(staff(req, 'seller_clerk', 'admin'), req.params.id);
    const licences = await ctx.db.select().from(presaleLicences).where(eq(presaleLicences.projectId, p.id));
    const blds = await ctx.db.select().from(buildings).where(eq(buildings.projectId, p.id)).orderBy(asc(buildings.name));
    const counts = await ctx.db.select({ buildingId: units.buildingId, status: units.status, n: count() }).from(units).where(eq(units.projectId, p.id)).groupBy(units.buildingId, units.status);
    return { ...p, presaleLicences: licences, buildings: blds.map((b) => ({ ...b, unitsByStatus: Object.fromEntries(counts.filter((c) => c.buildingId === b.id).map((c) => [c.status, c.n])) })) };
  });

  // The building grid (floors × units): paged, filtered by building and status.
  app.get('/api/projects/:id/units', { schema: { tags, summary: '房屋列表（楼盘表）', params: Id, querystring: ZUnitQuery } }, async (req: any) => {
    const p = await visibleProject(staff(req, 'seller_clerk', 'admin'), req.params.id);
    const { buildingId, status, page, pageSize } = req.query;
    const where = and(eq(units.projectId, p.id), buildingId ? eq(units.buildingId, buildingId) : undefined, status ? eq(units.status, status) : undefined);
    const [{ total }] = await ctx.db.select({ total: count() }).from(units).where(where);
    const items = await ctx.db.select().from(units).where(where).orderBy(asc(units.buildingId), asc(units.floor), asc(units.number)).limit(pageSize).offset((page - 1) * pageSize);
    return { total, page, pageSize, items };
  });

  app.post('/api/admin/projects', { schema: { tags, summary: '新增项目', body: ZCreateProjectRequest } }, async (req: any, reply) =>
    reply.status(201).send(await createProject(ctx, staff(req, 'admin'), req.body)));
  app.post('/api/admin/projects/:id/presale-licences', { schema: { tags, summary: '新增预售许可证', params: Id, body: ZCreatePresaleLicenceRequest } }, async (req: any, reply) =>
    reply.status(201).send(await createPresaleLicence(ctx, staff(req, 'admin'), req.params.id, req.body)));
  app.post('/api/admin/projects/:id/buildings', { schema: { tags, summary: '新增楼栋', params: Id, body: ZCreateBuildingRequest } }, async (req: any, reply) =>
    reply.status(201).send(await createBuilding(ctx, staff(req, 'admin'), req.params.id, req.body)));

  // CSV upload as text/csv; the report names every bad row and column, and nothing is kept then.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  app.post('/api/admin/buildings/:id/units/import', { schema: { tags, summary: '从 CSV 导入房屋', params: Id, consumes: ['text/csv'] } }, async (req: any, reply) => {
    if (typeof req.body !== 'string') return reply.status(415).send({ code: 'CSV_REQUIRED', message: '请以 text/csv 上传房屋表' });
    return reply.status(201).send(await importUnitsCsv(ctx, staff(req, 'admin'), req.params.id, req.body));
  });
}
