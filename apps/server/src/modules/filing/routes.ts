import type { FastifyInstance } from 'fastify';
import { and, count, desc, eq, ilike } from 'drizzle-orm';
import { z } from 'zod';
import { DomainError } from '@netsign/domain';
import { ZRejectRequest } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import { staff } from '../../http/auth';
import { filings } from './tables';
import { FILING_REQUESTED } from '../events';
import { receiveFiling } from './receive-filing';
import { acceptFiling, fileContract, returnFiling, loadFiling } from './decide-filing';
import { sendStoredFile } from '../files/send-stored-file';
import { filingFiles } from './filing-files';

const tags = ['filing'];
const Id = z.object({ id: z.uuid() });

export async function filingRoutes(app: FastifyInstance, ctx: AppContext) {
  await ctx.bus.on(FILING_REQUESTED, (e: any) => receiveFiling(ctx, e));
  const center = (req: any) => staff(req, 'center_clerk');

  app.get('/api/filings', { schema: { tags, summary: '备案申请（受理队列）', querystring: z.object({ status: z.string().optional(), q: z.string().optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) }) } }, async (req: any) => {
    const a = center(req);
    if (a.orgKind !== 'center') throw new DomainError('FORBIDDEN', '只有交易中心可以查看备案申请', 403);
    const where = and(eq(filings.centerOrgId, a.orgId), req.query.status ? eq(filings.status, req.query.status) : undefined, req.query.q ? ilike(filings.businessNo, `%${req.query.q}%`) : undefined);
    const [{ total }] = await ctx.db.select({ total: count() }).from(filings).where(where);
    const rows = await ctx.db.select().from(filings).where(where).orderBy(desc(filings.createdAt)).limit(req.query.pageSize).offset((req.query.page - 1) * req.query.pageSize);
    return { total, page: req.query.page, pageSize: req.query.pageSize, items: rows.map(({ snapshot, ...r }) => ({ ...r, unit: `${(snapshot as any).parties.unit.projectName} ${(snapshot as any).parties.unit.building} ${(snapshot as any).parties.unit.number}`, seller: (snapshot as any).parties.seller.name })) };
  });
  app.get('/api/filings/:id', { schema: { tags, summary: '备案申请详情', params: Id } }, async (req: any) => loadFiling(ctx.db, center(req), req.params.id, false));
  app.get('/api/filings/:id/files/:sha256', { schema: { tags, summary: '备案申请的材料、合同与公证书', params: z.object({ id: z.uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }) } }, async (req: any, reply) => {
    const a = center(req);
    const f = await loadFiling(ctx.db, a, req.params.id, false);
    if (!filingFiles(f).has(req.params.sha256)) throw new DomainError('NOT_FOUND', '文件不存在，或不属于该申请', 404);
    return sendStoredFile(ctx, reply, a, req.params.sha256, `${f.businessNo}-${req.params.sha256.slice(0, 8)}`, { entity: 'filing', entityId: f.id });
  });
  app.post('/api/filings/:id/accept', { schema: { tags, summary: '受理', params: Id } }, async (req: any) => acceptFiling(ctx, center(req), req.params.id));
  app.post('/api/filings/:id/file', { schema: { tags, summary: '审核通过，备案', params: Id } }, async (req: any) => fileContract(ctx, center(req), req.params.id));
  app.post('/api/filings/:id/return', { schema: { tags, summary: '退回', params: Id, body: ZRejectRequest } }, async (req: any) => returnFiling(ctx, center(req), req.params.id, req.body.reason));
}
