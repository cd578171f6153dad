import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, count, desc, eq, gte, ilike, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { BEFORE_MATERIALS, DomainError } from '@netsign/domain';
import {
  ZCreateContractRequest,
  ZUpdateTermsRequest,
  ZSetPasswordRequest,
  ZPushRequest,
  ZCancelRequest,
  ZContractQuery,
  ZPublicQueryRequest,
  ZMaterialCategory,
  ZContractTimeline,
  ZContractView,
  ZContractPage,
  ZContractCheck,
  ZContractQr,
  ZMaterialFileView,
  ZMaterialDeleted,
  ZAreaDifferenceRequest,
  ZAreaDifferenceSettlement,
  ZQueryLock,
  ZPublicContractStatus,
  unitLabel,
} from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import { staff } from '../../http/auth';
import { answers, type JsonZodTypeProvider } from '../../http/json-answers';
import { fileAnswer } from '../../http/file-answers';
import { contracts, contractMaterials } from './tables';
import { createContract } from './create-contract';
import { updateContractTerms } from './update-contract-terms';
import { checkContract } from './check-contract';
import { submitContract } from './submit-contract';
import { setContractPassword } from './set-contract-password';
import { cancelContract } from './cancel-contract';
import { uploadMaterial, deleteMaterial } from './upload-material';
import { listMaterials } from './list-materials';
import { pushToNotary } from './push-to-notary';
import { applyForFiling, submitPaperContract } from './apply-for-filing';
import { queryContract } from './query-contract';
import { liftQueryLock, queryLockOf } from './lift-query-lock';
import { settleContractAreaDifference } from './settle-area-difference';
import { contractView, materialFileView } from './contract-view';
import { contractTimeline } from './contract-timeline';
import { loadOwnContract } from './contract-access';
import { onCaseReceived, onCaseRejected, onCertificateIssued, onFilingDecided } from './on-notary-events';
import {
  CASE_RECEIVED,
  CASE_REJECTED,
  CERTIFICATE_ISSUED,
  FILING_DECIDED,
  type TCaseReceived,
  type TCaseRejected,
  type TCertificateIssued,
  type TFilingDecided,
} from '../events';
import { sendStoredFile } from '../files/send-stored-file';
import { renderContractForPrint } from '../documents/generate-econtract';
import { hasBuyerIdNumber } from './buyer-id-number';

const tags = ['contracts'];
const Id = z.object({ id: z.uuid() });
const MaterialId = z.object({ id: z.uuid(), materialId: z.uuid() });

const PDF = fileAnswer('PDF（本平台签发，可在浏览器中打开）', 'application/pdf');

// the columns a row of the contract list is made from
const LIST_ROW = {
  id: contracts.id,
  businessNo: contracts.businessNo,
  status: contracts.status,
  path: contracts.path,
  terms: contracts.terms,
  parties: contracts.parties,
  totalPrice: contracts.totalPrice,
  createdAt: contracts.createdAt,
  updatedAt: contracts.updatedAt,
};

export async function contractRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<JsonZodTypeProvider>();
  await ctx.bus.on(CASE_RECEIVED, (e: TCaseReceived) => onCaseReceived(ctx, e));
  await ctx.bus.on(CASE_REJECTED, (e: TCaseRejected) => onCaseRejected(ctx, e));
  await ctx.bus.on(CERTIFICATE_ISSUED, (e: TCertificateIssued) => onCertificateIssued(ctx, e));
  await ctx.bus.on(FILING_DECIDED, (e: TFilingDecided) => onFilingDecided(ctx, e));

  // the calendar is read only for a signed contract: the filing deadline counts from signing
  // (a contract before 设置合同密码 has no materials: no need to ask the database — one statement
  // fewer for 提交 on 开盘 day, issue 14)
  const view = async (row: typeof contracts.$inferSelect) =>
    contractView(
      row,
      BEFORE_MATERIALS.includes(row.status) ? [] : await listMaterials(ctx.db, row.id),
      row.signedAt ? await ctx.calendar.current(ctx.db) : null,
    );
  const seller = (req: FastifyRequest) => {
    const a = staff(req, 'seller_clerk');
    if (a.orgKind !== 'seller') throw new DomainError('FORBIDDEN', '只有房地产开发企业可以操作合同', 403);
    return a;
  };

  app.get(
    '/api/contracts',
    { schema: { tags, summary: '合同列表', querystring: ZContractQuery, response: answers({ 200: ZContractPage }) } },
    async (req) => {
      const a = seller(req);
      const { status, projectId, q, from, to, page, pageSize } = req.query;
      const where = and(
        eq(contracts.sellerOrgId, a.orgId),
        status ? eq(contracts.status, status) : undefined,
        projectId ? eq(contracts.projectId, projectId) : undefined,
        from ? gte(contracts.createdAt, new Date(`${from}T00:00:00+08:00`)) : undefined,
        to ? lte(contracts.createdAt, new Date(`${to}T23:59:59.999+08:00`)) : undefined,
        // an ID number is sealed: found by its blind index, whole; names and other text as typed
        q
          ? or(
              ilike(contracts.businessNo, `%${q}%`),
              sql`${contracts.terms}::text ilike ${`%${q}%`}`,
              hasBuyerIdNumber(ctx, q),
            )
          : undefined,
      );
      const [{ total }] = await ctx.db.select({ total: count() }).from(contracts).where(where);
      const rows = await ctx.db
        .select(LIST_ROW)
        .from(contracts)
        .where(where)
        .orderBy(desc(contracts.createdAt))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      return {
        total,
        page,
        pageSize,
        items: rows.map((r) => {
          const p = r.parties;
          // a draft's terms may be half-filled: only the names that are there
          const buyers = (r.terms.buyers ?? [])
            .map((b) => b?.name)
            .filter((n): n is string => typeof n === 'string' && n !== '');
          return {
            id: r.id,
            businessNo: r.businessNo,
            status: r.status,
            path: r.path,
            unit: unitLabel(p.unit),
            buyers,
            totalPrice: r.totalPrice,
            createdAt: r.createdAt,
            updatedAt: r.updatedAt,
          };
        }),
      };
    },
  );

  app.post(
    '/api/contracts',
    {
      schema: {
        tags,
        summary: '签订商品房买卖合同（新建草稿）',
        body: ZCreateContractRequest,
        response: answers({ 201: ZContractView }),
      },
    },
    async (req, reply) =>
      // a contract made just now has no materials: no need to ask the database
      reply.status(201).send(contractView(await createContract(ctx, seller(req), req.body), [], null)),
  );

  app.get(
    '/api/contracts/:id',
    { schema: { tags, summary: '合同页面', params: Id, response: answers({ 200: ZContractView }) } },
    async (req) => view(await loadOwnContract(ctx.db, seller(req), req.params.id, false)),
  );

  app.get(
    '/api/contracts/:id/timeline',
    {
      schema: {
        tags,
        summary: '合同办理记录（创建、推送公证处、公证书出具、提交备案、受理、审核、备案…）',
        params: Id,
        response: answers({ 200: ZContractTimeline }),
      },
    },
    async (req) => {
      const row = await loadOwnContract(ctx.db, seller(req), req.params.id, false);
      return contractTimeline(ctx.db, row.id);
    },
  );

  app.put(
    '/api/contracts/:id/terms',
    {
      schema: {
        tags,
        summary: '保存合同内容（草稿）',
        params: Id,
        body: ZUpdateTermsRequest,
        response: answers({ 200: ZContractView }),
      },
    },
    async (req) => view(await updateContractTerms(ctx, seller(req), req.params.id, req.body.terms, req.body.version)),
  );

  app.get(
    '/api/contracts/:id/check',
    { schema: { tags, summary: '审核填写信息（不提交）', params: Id, response: answers({ 200: ZContractCheck }) } },
    async (req) => {
      const row = await loadOwnContract(ctx.db, seller(req), req.params.id, false);
      return { violations: checkContract(row.terms, row.parties, ctx.clock.now()).violations };
    },
  );

  app.post(
    '/api/contracts/:id/submit',
    { schema: { tags, summary: '提交', params: Id, response: answers({ 200: ZContractView }) } },
    async (req) => view(await submitContract(ctx, seller(req), req.params.id)),
  );

  app.post(
    '/api/contracts/:id/password',
    {
      schema: {
        tags,
        summary: '设置合同密码',
        params: Id,
        body: ZSetPasswordRequest,
        response: answers({ 200: ZContractView }),
      },
    },
    async (req) => view(await setContractPassword(ctx, seller(req), req.params.id, req.body.password)),
  );

  app.post(
    '/api/contracts/:id/materials',
    {
      schema: {
        tags,
        summary: '上传收件材料（multipart: category, file）',
        params: Id,
        querystring: z.object({ category: ZMaterialCategory }),
        response: answers({ 201: ZMaterialFileView }),
      },
    },
    async (req, reply) => {
      const a = seller(req);
      if (!req.isMultipart()) throw new DomainError('MULTIPART_REQUIRED', '请以 multipart/form-data 上传文件', 415);
      const file = await req.file();
      if (!file)
        throw new DomainError('FILE_REQUIRED', '请选择要上传的文件', 400, [
          { field: 'file', code: 'FILE_REQUIRED', message: '请选择要上传的文件' },
        ]);
      const m = await uploadMaterial(ctx, a, req.params.id, req.query.category, {
        stream: file.file,
        filename: file.filename,
      });
      if (file.file.truncated) throw new DomainError('FILE_TOO_LARGE', '文件过大', 413);
      return reply.status(201).send(materialFileView(m));
    },
  );

  app.delete(
    '/api/contracts/:id/materials/:materialId',
    { schema: { tags, summary: '删除收件材料', params: MaterialId, response: answers({ 200: ZMaterialDeleted }) } },
    async (req) => deleteMaterial(ctx, seller(req), req.params.id, req.params.materialId),
  );

  app.get(
    '/api/contracts/:id/materials/:materialId/file',
    {
      schema: {
        tags,
        summary: '下载收件材料',
        params: MaterialId,
        response: fileAnswer('收件材料原件（附件下载）', 'image/jpeg', 'image/png', 'application/pdf'),
      },
    },
    async (req, reply) => {
      const a = seller(req);
      await loadOwnContract(ctx.db, a, req.params.id, false);
      const [m] = await ctx.db
        .select({ fileSha256: contractMaterials.fileSha256, fileName: contractMaterials.fileName })
        .from(contractMaterials)
        .where(and(eq(contractMaterials.id, req.params.materialId), eq(contractMaterials.contractId, req.params.id)));
      if (!m) throw new DomainError('NOT_FOUND', '材料不存在', 404);
      return sendStoredFile(ctx, reply, a, m.fileSha256, m.fileName, { entity: 'contract', entityId: req.params.id });
    },
  );

  app.post(
    '/api/contracts/:id/push',
    {
      schema: {
        tags,
        summary: '生成电子合同并推送公证处',
        params: Id,
        body: ZPushRequest,
        response: answers({ 200: ZContractView }),
      },
    },
    async (req) => view(await pushToNotary(ctx, seller(req), req.params.id, req.body.notaryOfficeId)),
  );

  app.get(
    '/api/contracts/:id/qr',
    { schema: { tags, summary: '查看二维码', params: Id, response: answers({ 200: ZContractQr }) } },
    async (req) => {
      const row = await loadOwnContract(ctx.db, seller(req), req.params.id, false);
      if (!row.qrLink)
        throw new DomainError(
          'QR_NOT_READY',
          row.status === '公证中' ? '公证处尚未返回二维码，请稍候刷新' : '合同尚未推送公证处',
          409,
        );
      const QRCode = await import('qrcode');
      return {
        link: row.qrLink,
        expiresAt: row.qrExpiresAt,
        svg: await QRCode.toString(row.qrLink, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }),
      };
    },
  );

  for (const [path, col, name] of [
    ['econtract', 'econtractFile', '电子合同'],
    ['certificate', 'certificateFile', '公证书'],
    ['filing-record', 'filingRecordFile', '备案证明'],
  ] as const) {
    app.get(
      `/api/contracts/:id/${path}`,
      { schema: { tags, summary: `下载${name}`, params: Id, response: PDF } },
      async (req, reply) => {
        const a = seller(req);
        const row = await loadOwnContract(ctx.db, a, req.params.id, false);
        const sha = row[col];
        if (!sha) throw new DomainError('NOT_READY', `${name}尚未生成`, 409);
        return sendStoredFile(ctx, reply, a, sha, `${name}-${row.businessNo}.pdf`, {
          entity: 'contract',
          entityId: row.id,
        });
      },
    );
  }

  app.get(
    '/api/contracts/:id/print',
    { schema: { tags, summary: '打印合同（纸质面签用）', params: Id, response: PDF } },
    async (req, reply) => {
      const row = await loadOwnContract(ctx.db, seller(req), req.params.id, false);
      if (row.status === '草稿' || row.status === '待设置密码')
        throw new DomainError('ILLEGAL_STATE', `合同当前状态为「${row.status}」，请先提交并设置合同密码`, 409);
      const pdf = await renderContractForPrint(ctx, row, await listMaterials(ctx.db, row.id));
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(`合同-${row.businessNo}.pdf`)}`)
        .send(pdf);
    },
  );

  app.post(
    '/api/contracts/:id/paper-submit',
    { schema: { tags, summary: '纸质合同：提交交易中心', params: Id, response: answers({ 200: ZContractView }) } },
    async (req) => view(await submitPaperContract(ctx, seller(req), req.params.id)),
  );

  app.post(
    '/api/contracts/:id/apply-filing',
    { schema: { tags, summary: '提交备案申请', params: Id, response: answers({ 200: ZContractView }) } },
    async (req) => view(await applyForFiling(ctx, seller(req), req.params.id)),
  );

  app.post(
    '/api/contracts/:id/cancel',
    {
      schema: {
        tags,
        summary: '撤销（需合同密码）',
        params: Id,
        body: ZCancelRequest,
        response: answers({ 200: ZContractView }),
      },
    },
    async (req) => view(await cancelContract(ctx, seller(req), req.params.id, req.body.password, req.body.reason)),
  );

  app.post(
    '/api/contracts/:id/area-difference',
    {
      schema: {
        tags,
        summary: '面积差异处理（第十三条）：按实测面积计算',
        params: Id,
        body: ZAreaDifferenceRequest,
        response: answers({ 200: ZAreaDifferenceSettlement }),
      },
    },
    async (req) => settleContractAreaDifference(ctx, seller(req), req.params.id, req.body.measuredArea),
  );

  app.get(
    '/api/contracts/:id/query-lock',
    { schema: { tags, summary: '合同查询锁定状态', params: Id, response: answers({ 200: ZQueryLock }) } },
    async (req) => queryLockOf(ctx, seller(req), req.params.id),
  );
  app.post(
    '/api/contracts/:id/query-lock/lift',
    { schema: { tags, summary: '解除合同查询锁定', params: Id, response: answers({ 200: ZQueryLock }) } },
    async (req) => liftQueryLock(ctx, seller(req), req.params.id),
  );

  app.post(
    '/api/public/contract-query',
    {
      schema: {
        tags: ['public'],
        summary: '合同查询（业务号 + 合同密码）',
        body: ZPublicQueryRequest,
        response: answers({ 200: ZPublicContractStatus }),
      },
    },
    async (req) => queryContract(ctx, req.body.businessNo, req.body.password, req.ip),
  );
}
