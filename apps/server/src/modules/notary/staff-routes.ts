import type { FastifyInstance, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { DomainError } from '@netsign/domain';
import {
  ZCaseDecision,
  ZCaseDetail,
  ZCaseInboxPage,
  ZCaseInboxQuery,
  ZCaseSignatures,
  ZRejectRequest,
  ZSupplementRequest,
} from '@netsign/api';
import { answers, type JsonZodTypeProvider } from '../../http/json-answers';
import type { AppContext } from '../../platform/app-context';
import { staff } from '../../http/auth';
import { caseDocuments } from './tables';
import { caseSignatures } from './case-signatures';
import { approveCase, rejectCase, requestSupplement } from './review-case';
import { loadOfficeCase } from './case-access';
import { applicationsByCase, caseDetail, caseDecisionView } from './case-views';
import { caseInbox } from './case-inbox';
import { sendStoredFile } from '../files/send-stored-file';
import { caseFiles } from './case-files';
import { downloadableArchive } from './archive-case';
import { Id } from './route-schemas';
import { fileAnswer } from '../../http/file-answers';

const tags = ['notary'];
const notary = (req: FastifyRequest) => staff(req, 'notary');

/** 公证: the notary office's console — inbox, case page, evidence files, 卷宗, and the three decisions. */
export async function notaryStaffRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<JsonZodTypeProvider>();

  app.get(
    '/api/notary/cases',
    {
      schema: { tags, summary: '案件收件箱', querystring: ZCaseInboxQuery, response: answers({ 200: ZCaseInboxPage }) },
    },
    async (req) => caseInbox(ctx, notary(req), req.query),
  );
  app.get(
    '/api/notary/cases/:id',
    { schema: { tags, summary: '案件页面', params: Id, response: answers({ 200: ZCaseDetail }) } },
    async (req) => caseDetail(ctx, await loadOfficeCase(ctx.db, notary(req), req.params.id, false)),
  );
  app.get(
    '/api/notary/cases/:id/signatures',
    {
      schema: {
        tags,
        summary: '案件文件的数字签名（签名人、角色、时间、是否有效）',
        params: Id,
        response: answers({ 200: ZCaseSignatures }),
      },
    },
    async (req) => caseSignatures(ctx, await loadOfficeCase(ctx.db, notary(req), req.params.id, false)),
  );
  app.get(
    '/api/notary/cases/:id/files/:sha256',
    {
      schema: {
        tags,
        summary: '案件证据文件',
        params: z.object({ id: z.uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
        response: fileAnswer(
          '案件的文件（附件下载；本平台签发的 PDF 可在浏览器中打开）',
          'application/pdf',
          'image/jpeg',
          'image/png',
          'image/webp',
          'video/webm',
          'video/mp4',
        ),
      },
    },
    async (req, reply) => {
      const a = notary(req);
      const c = await loadOfficeCase(ctx.db, a, req.params.id, false);
      const apps = (await applicationsByCase(ctx, [c.id])).get(c.id) ?? [];
      const docs = await ctx.db.select().from(caseDocuments).where(eq(caseDocuments.caseId, c.id));
      // only the case's own files: e-contract, materials, documents, certificate and the buyers' evidence
      if (!caseFiles(c, docs, apps).has(req.params.sha256))
        throw new DomainError('NOT_FOUND', '文件不存在，或不属于该案件', 404);
      return sendStoredFile(ctx, reply, a, req.params.sha256, `${c.businessNo}-${req.params.sha256.slice(0, 8)}`, {
        entity: 'case',
        entityId: c.id,
      });
    },
  );
  app.get(
    '/api/notary/cases/:id/archive',
    {
      schema: {
        tags,
        summary: '下载公证卷宗（ASiC-E：全部文件与证据、公证处签名的清单、审计证明）',
        params: Id,
        response: fileAnswer('公证卷宗（ASiC-E 容器）', 'application/vnd.etsi.asic-e+zip'),
      },
    },
    async (req, reply) => {
      const a = notary(req);
      const c = await loadOfficeCase(ctx.db, a, req.params.id, false);
      const archive = await downloadableArchive(ctx, c);
      return sendStoredFile(ctx, reply, a, archive.sha256, `公证卷宗-${c.businessNo}.asice`, {
        entity: 'case',
        entityId: c.id,
      });
    },
  );
  app.post(
    '/api/notary/cases/:id/approve',
    { schema: { tags, summary: '审核通过（出具公证书）', params: Id, response: answers({ 200: ZCaseDecision }) } },
    async (req) => caseDecisionView(await approveCase(ctx, notary(req), req.params.id)),
  );
  app.post(
    '/api/notary/cases/:id/reject',
    {
      schema: { tags, summary: '驳回', params: Id, body: ZRejectRequest, response: answers({ 200: ZCaseDecision }) },
    },
    async (req) => caseDecisionView(await rejectCase(ctx, notary(req), req.params.id, req.body.reason)),
  );
  app.post(
    '/api/notary/cases/:id/supplement',
    {
      schema: {
        tags,
        summary: '需补正',
        params: Id,
        body: ZSupplementRequest,
        response: answers({ 200: ZCaseDecision }),
      },
    },
    async (req) =>
      caseDecisionView(
        await requestSupplement(ctx, notary(req), req.params.id, req.body.applicationId, req.body.items, req.body.note),
      ),
  );
}
