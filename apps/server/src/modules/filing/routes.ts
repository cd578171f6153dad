import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, count, desc, eq, ilike } from 'drizzle-orm';
import { z } from 'zod';
import { DomainError } from '@netsign/domain';
import {
  ZContractTimeline,
  ZFilingPage,
  ZFilingQuery,
  ZFilingReturnRequest,
  ZFilingReviewRequest,
  ZFilingView,
  ZSha256,
  unitLabel,
} from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import { staff } from '../../http/auth';
import { answers, type JsonZodTypeProvider } from '../../http/json-answers';
import { fileAnswer } from '../../http/file-answers';
import { filings } from './tables';
import { FILING_REQUESTED, type TFilingRequested } from '../events';
import { receiveFiling } from './receive-filing';
import { acceptFiling, fileContract, returnFiling, loadFiling } from './decide-filing';
import { reviewFiling } from './review-filing';
import { filingView } from './filing-view';
import { contractTimeline } from '../contracts/contract-timeline';
import { sendStoredFile } from '../files/send-stored-file';
import { filingFiles } from './filing-files';

const tags = ['filing'];
const Id = z.object({ id: z.uuid() });
/** every step answers the filing as its page shows it */
const FilingAnswer = answers({ 200: ZFilingView });

// the queue's columns: the snapshot only for the unit and the seller's name
const QUEUE = {
  id: filings.id,
  contractId: filings.contractId,
  businessNo: filings.businessNo,
  path: filings.path,
  status: filings.status,
  snapshot: filings.snapshot,
  filingNumber: filings.filingNumber,
  reviewResult: filings.reviewResult,
  createdAt: filings.createdAt,
};

export async function filingRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<JsonZodTypeProvider>();
  await ctx.bus.on(FILING_REQUESTED, (e: TFilingRequested) => receiveFiling(ctx, e));
  const center = (req: FastifyRequest) => staff(req, 'center_clerk');

  app.get(
    '/api/filings',
    {
      schema: {
        tags,
        summary: '备案申请（受理队列）',
        querystring: ZFilingQuery,
        response: answers({ 200: ZFilingPage }),
      },
    },
    async (req) => {
      const a = center(req);
      if (a.orgKind !== 'center') throw new DomainError('FORBIDDEN', '只有交易中心可以查看备案申请', 403);
      const { status, q, page, pageSize } = req.query;
      const where = and(
        eq(filings.centerOrgId, a.orgId),
        status ? eq(filings.status, status) : undefined,
        q ? ilike(filings.businessNo, `%${q}%`) : undefined,
      );
      const [{ total }] = await ctx.db.select({ total: count() }).from(filings).where(where);
      const rows = await ctx.db
        .select(QUEUE)
        .from(filings)
        .where(where)
        .orderBy(desc(filings.createdAt))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      return {
        total,
        page,
        pageSize,
        items: rows.map(({ snapshot: { parties }, ...r }) => ({
          ...r,
          unit: unitLabel(parties.unit),
          seller: parties.seller.name,
        })),
      };
    },
  );
  app.get(
    '/api/filings/:id',
    { schema: { tags, summary: '备案申请详情', params: Id, response: FilingAnswer } },
    async (req) => filingView(ctx.db, await loadFiling(ctx.db, center(req), req.params.id, false)),
  );
  // the contract's steps as its own chain recorded them: the center reads them for its own filing only
  app.get(
    '/api/filings/:id/timeline',
    { schema: { tags, summary: '合同办理记录', params: Id, response: answers({ 200: ZContractTimeline }) } },
    async (req) => contractTimeline(ctx.db, (await loadFiling(ctx.db, center(req), req.params.id, false)).contractId),
  );
  app.get(
    '/api/filings/:id/files/:sha256',
    {
      schema: {
        tags,
        summary: '备案申请的材料、合同与公证书',
        params: z.object({ id: z.uuid(), sha256: ZSha256 }),
        response: fileAnswer('备案申请的文件：PDF 或图片', 'application/pdf', 'image/*'),
      },
    },
    async (req, reply) => {
      const a = center(req);
      const f = await loadFiling(ctx.db, a, req.params.id, false);
      if (!filingFiles(f).has(req.params.sha256)) throw new DomainError('NOT_FOUND', '文件不存在，或不属于该申请', 404);
      return sendStoredFile(ctx, reply, a, req.params.sha256, `${f.businessNo}-${req.params.sha256.slice(0, 8)}`, {
        entity: 'filing',
        entityId: f.id,
      });
    },
  );
  app.post(
    '/api/filings/:id/accept',
    { schema: { tags, summary: '受理', params: Id, response: FilingAnswer } },
    async (req) => filingView(ctx.db, await acceptFiling(ctx, center(req), req.params.id)),
  );
  app.post(
    '/api/filings/:id/review',
    {
      schema: {
        tags,
        summary: '审核：通过，或退回（须填写退回原因）',
        params: Id,
        body: ZFilingReviewRequest,
        response: FilingAnswer,
      },
    },
    async (req) => filingView(ctx.db, await reviewFiling(ctx, center(req), req.params.id, req.body)),
  );
  app.post(
    '/api/filings/:id/file',
    { schema: { tags, summary: '备案（审核通过后）', params: Id, response: FilingAnswer } },
    async (req) => filingView(ctx.db, await fileContract(ctx, center(req), req.params.id)),
  );
  app.post(
    '/api/filings/:id/return',
    {
      schema: {
        tags,
        summary: '退回（受理前，或审核通过后）',
        params: Id,
        body: ZFilingReturnRequest,
        response: FilingAnswer,
      },
    },
    async (req) => filingView(ctx.db, await returnFiling(ctx, center(req), req.params.id, req.body.reason)),
  );
}
