import type { FastifyInstance } from 'fastify';
import { and, asc, count, desc, eq, ilike } from 'drizzle-orm';
import { z } from 'zod';
import { DomainError } from '@netsign/domain';
import { ZClaimRequest, ZConsentRequest, ZReadRequest, ZAgreeRequest, ZRejectRequest, ZSupplementRequest, ZIdentityDocumentRequest, PHOTO_KINDS, ZSigningCertificateRequest, ZSigningCompleteRequest } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import { staff, buyer } from '../../http/auth';
import { notaryCases, buyerApplications, caseDocuments } from './tables';
import { CONTRACT_PUSHED } from '../events';
import { receiveCase } from './receive-case';
import { openCaseByToken, claimApplication } from './claim-application';
import { recordConsent, BIOMETRIC_CONSENT } from './record-consent';
import { recordPagesRead, agreeToDocuments, documentsFor } from './read-documents';
import { issueFaceChallenge, submitFaceFrames, MAX_FRAMES } from './verify-face';
import { verifyIdentityDocument } from './verify-identity-document';
import { issueCaptureToken } from './capture-session';
import { uploadBuyerPhoto } from './upload-buyer-photo';
import { issueVideoText, submitVideoFrames, uploadEvidenceVideo } from './record-evidence-video';
import { submitApplication } from './submit-application';
import { issueSigningCertificate, prepareSigning, completeSigning } from './sign-documents';
import { approveCase, rejectCase, requestSupplement } from './review-case';
import { loadOfficeCase, loadOwnApplication } from './case-access';
import { buyerApplicationView, inboxRow, applicationsByCase, caseDetail, byReceived } from './case-views';
import { sendStoredFile } from '../files/send-stored-file';
import { caseFiles } from './case-files';

const Id = z.object({ id: z.uuid() });
const Frames = z.array(z.string().max(2_000_000)).min(1).max(MAX_FRAMES);
const decodeFrames = (frames: string[]) => frames.map((f) => Buffer.from(f.replace(/^data:image\/\w+;base64,/, ''), 'base64'));

export async function notaryRoutes(app: FastifyInstance, ctx: AppContext) {
  await ctx.bus.on(CONTRACT_PUSHED, (e: any) => receiveCase(ctx, e));
  const notary = (req: any) => staff(req, 'notary');

  // —— 公证 (notary office staff) ——
  app.get('/api/notary/cases', { schema: { tags: ['notary'], summary: '案件收件箱', querystring: z.object({ status: z.string().optional(), q: z.string().trim().max(40).optional(), sort: z.enum(['received', 'deadline']).default('received'), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) }) } }, async (req: any) => {
    const a = notary(req);
    const where = and(eq(notaryCases.officeId, a.orgId), req.query.status ? eq(notaryCases.status, req.query.status) : undefined, req.query.q ? ilike(notaryCases.businessNo, `%${req.query.q}%`) : undefined);
    const [{ total }] = await ctx.db.select({ total: count() }).from(notaryCases).where(where);
    const rows = await ctx.db.select().from(notaryCases).where(where).orderBy(req.query.sort === 'deadline' ? asc(notaryCases.deadline) : byReceived).limit(req.query.pageSize).offset((req.query.page - 1) * req.query.pageSize);
    const apps = await applicationsByCase(ctx, rows.map((r) => r.id));
    const calendar = await ctx.calendar.current(ctx.db);
    return { total, page: req.query.page, pageSize: req.query.pageSize, items: rows.map((r) => inboxRow(r, apps.get(r.id) ?? [], ctx.clock.now(), calendar)) };
  });
  app.get('/api/notary/cases/:id', { schema: { tags: ['notary'], summary: '案件页面', params: Id } }, async (req: any) =>
    caseDetail(ctx, await loadOfficeCase(ctx.db, notary(req), req.params.id, false)));
  app.get('/api/notary/cases/:id/files/:sha256', { schema: { tags: ['notary'], summary: '案件证据文件', params: z.object({ id: z.uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }) } }, async (req: any, reply) => {
    const a = notary(req);
    const c = await loadOfficeCase(ctx.db, a, req.params.id, false);
    const apps = (await applicationsByCase(ctx, [c.id])).get(c.id) ?? [];
    const docs = await ctx.db.select().from(caseDocuments).where(eq(caseDocuments.caseId, c.id));
    // only the case's own files: e-contract, materials, documents, certificate and the buyers' evidence
    if (!caseFiles(c, docs, apps).has(req.params.sha256)) throw new DomainError('NOT_FOUND', '文件不存在，或不属于该案件', 404);
    return sendStoredFile(ctx, reply, a, req.params.sha256, `${c.businessNo}-${req.params.sha256.slice(0, 8)}`, { entity: 'case', entityId: c.id });
  });
  app.post('/api/notary/cases/:id/approve', { schema: { tags: ['notary'], summary: '审核通过（出具公证书）', params: Id } }, async (req: any) => approveCase(ctx, notary(req), req.params.id));
  app.post('/api/notary/cases/:id/reject', { schema: { tags: ['notary'], summary: '驳回', params: Id, body: ZRejectRequest } }, async (req: any) => rejectCase(ctx, notary(req), req.params.id, req.body.reason));
  app.post('/api/notary/cases/:id/supplement', { schema: { tags: ['notary'], summary: '需补正', params: Id, body: ZSupplementRequest } }, async (req: any) =>
    requestSupplement(ctx, notary(req), req.params.id, req.body.applicationId, req.body.items, req.body.note));

  // —— 买受人 (buyer's mobile app) ——
  const tags = ['buyer'];
  app.get('/api/buyer/cases/:token', { schema: { tags, summary: '扫码进入在线公证页面', params: z.object({ token: z.string().min(20).max(100) }) } }, async (req: any) => openCaseByToken(ctx, req.params.token));
  app.get('/api/buyer/consent-text', { schema: { tags, summary: '人脸信息处理单独同意书' } }, async () => BIOMETRIC_CONSENT);
  app.post('/api/buyer/claim', { schema: { tags, summary: '选中购买人（本人）', body: ZClaimRequest } }, async (req: any) => {
    const a = buyer(req);
    return buyerApplicationView(ctx, await claimApplication(ctx, a, req.body.token, req.body.buyerIndex));
  });
  app.get('/api/buyer/applications', { schema: { tags, summary: '我的申请记录' } }, async (req) => {
    const a = buyer(req);
    const rows = await ctx.db.select().from(buyerApplications).where(eq(buyerApplications.buyerPhone, a.phone)).orderBy(desc(buyerApplications.updatedAt));
    return Promise.all(rows.map((r) => buyerApplicationView(ctx, r)));
  });
  app.get('/api/buyer/applications/:id', { schema: { tags, summary: '申请详情', params: Id } }, async (req: any) =>
    buyerApplicationView(ctx, await loadOwnApplication(ctx.db, buyer(req), req.params.id, false)));
  const done = async (req: any, p: Promise<unknown>) => { await p; return buyerApplicationView(ctx, await loadOwnApplication(ctx.db, buyer(req), req.params.id, false)); };
  app.post('/api/buyer/applications/:id/consent', { schema: { tags, summary: '人脸信息处理单独同意', params: Id, body: ZConsentRequest } }, async (req: any) =>
    done(req, recordConsent(ctx, buyer(req), req.params.id, req.body.accepted, req.body.textVersion)));
  app.post('/api/buyer/applications/:id/face/challenge', { schema: { tags, summary: '人脸识别：获取动作', params: Id, body: z.object({ stage: z.enum(['first', 'second']) }) } }, async (req: any) =>
    issueFaceChallenge(ctx, buyer(req), req.params.id, req.body.stage));
  app.post('/api/buyer/applications/:id/face/frames', { bodyLimit: 16 << 20, schema: { tags, summary: '人脸识别：提交画面', params: Id, body: z.object({ challengeId: z.uuid(), frames: Frames }) } }, async (req: any) => {
    const r = await submitFaceFrames(ctx, buyer(req), req.params.id, req.body.challengeId, decodeFrames(req.body.frames));
    return { passed: r.passed, stage: r.stage, application: await buyerApplicationView(ctx, r.application) };
  });
  app.post('/api/buyer/applications/:id/captures', { schema: { tags, summary: '拍摄凭证（打开相机前获取）', params: Id } }, async (req: any) => issueCaptureToken(ctx, buyer(req), req.params.id));
  app.post('/api/buyer/applications/:id/identity-document', { schema: { tags, summary: '非大陆居民：录入身份证明文件（multipart：字段在前，照片页在后）', params: Id } }, async (req: any) => {
    const a = buyer(req);
    const file = await req.file();
    if (!file) throw new DomainError('FILE_REQUIRED', '请拍摄证件照片页', 400);
    const fields = Object.fromEntries(Object.entries(file.fields).filter(([k]) => k !== 'file').map(([k, v]: [string, any]) => [k, v.value]));
    if (fields.mrz) fields.mrz = String(fields.mrz).split(/\r?\n|\|/).filter(Boolean);
    const parsed = ZIdentityDocumentRequest.safeParse(fields);
    if (!parsed.success) { file.file.resume(); throw new DomainError('VALIDATION_FAILED', '证件信息填写有误', 400, parsed.error.issues.map((i) => ({ field: i.path.join('.'), code: i.code.toUpperCase(), message: `${i.path.join('.')}：${i.message}` }))); }
    return done(req, verifyIdentityDocument(ctx, a, req.params.id, parsed.data, file.file, req.headers['x-capture-token']));
  });
  app.get('/api/buyer/applications/:id/documents/:docId/file', { schema: { tags, summary: '阅读文件（PDF）', params: z.object({ id: z.uuid(), docId: z.uuid() }) } }, async (req: any, reply) => {
    const a = buyer(req);
    const appRow = await loadOwnApplication(ctx.db, a, req.params.id, false);
    const doc = (await documentsFor(ctx.db, appRow)).find((d) => d.id === req.params.docId);
    if (!doc) throw new DomainError('NOT_FOUND', '文件不存在', 404);
    return sendStoredFile(ctx, reply, a, doc.fileSha256, `${doc.title}.pdf`, { entity: 'application', entityId: appRow.id });
  });
  app.post('/api/buyer/applications/:id/documents/:docId/read', { schema: { tags, summary: '记录已阅读的页', params: z.object({ id: z.uuid(), docId: z.uuid() }), body: ZReadRequest } }, async (req: any) =>
    done(req, recordPagesRead(ctx, buyer(req), req.params.id, req.params.docId, req.body.pages)));
  app.post('/api/buyer/applications/:id/agree', { schema: { tags, summary: '同意继续', params: Id, body: ZAgreeRequest } }, async (req: any) =>
    done(req, agreeToDocuments(ctx, buyer(req), req.params.id, req.body.documents)));
  app.post('/api/buyer/applications/:id/photos/:kind', { schema: { tags, summary: '上传现场拍摄的照片（头 X-Capture-Token）', params: z.object({ id: z.uuid(), kind: z.enum(PHOTO_KINDS) }) } }, async (req: any) => {
    const a = buyer(req);
    const file = await req.file();
    if (!file) throw new DomainError('FILE_REQUIRED', '请拍摄照片', 400);
    return done(req, uploadBuyerPhoto(ctx, a, req.params.id, req.params.kind, file.file, req.headers['x-capture-token']));
  });
  app.post('/api/buyer/applications/:id/video/text', { schema: { tags, summary: '录制视频：获取朗读文字', params: Id } }, async (req: any) => issueVideoText(ctx, buyer(req), req.params.id));
  app.post('/api/buyer/applications/:id/video/frames', { bodyLimit: 16 << 20, schema: { tags, summary: '录制中截取的画面', params: Id, body: z.object({ textId: z.uuid(), frames: Frames }) } }, async (req: any) =>
    submitVideoFrames(ctx, buyer(req), req.params.id, req.body.textId, decodeFrames(req.body.frames)));
  app.post('/api/buyer/applications/:id/video', { schema: { tags, summary: '提交视频（multipart）', params: Id, querystring: z.object({ textId: z.uuid() }) } }, async (req: any) => {
    const a = buyer(req);
    const file = await req.file();
    if (!file) throw new DomainError('FILE_REQUIRED', '请先录制视频', 400);
    return done(req, uploadEvidenceVideo(ctx, a, req.params.id, req.query.textId, file.file));
  });
  // 签署 with the phone's own key (sign-documents.ts): certificate request → prepare → complete
  app.post('/api/buyer/applications/:id/signing/certificate', { schema: { tags, summary: '签署：以本机密钥申请签名证书', params: Id, body: ZSigningCertificateRequest } }, async (req: any) =>
    issueSigningCertificate(ctx, buyer(req), req.params.id, req.body.csr));
  app.post('/api/buyer/applications/:id/signing/prepare', { schema: { tags, summary: '签署：准备待签文件', params: Id } }, async (req: any) =>
    prepareSigning(ctx, buyer(req), req.params.id));
  app.post('/api/buyer/applications/:id/signing/complete', { schema: { tags, summary: '签署：提交签名', params: Id, body: ZSigningCompleteRequest } }, async (req: any) =>
    completeSigning(ctx, buyer(req), req.params.id, req.body));
  app.post('/api/buyer/applications/:id/submit', { schema: { tags, summary: '提交资料，完成', params: Id } }, async (req: any) =>
    done(req, submitApplication(ctx, buyer(req), req.params.id)));
  app.get('/api/buyer/applications/:id/certificate', { schema: { tags, summary: '下载公证书', params: Id } }, async (req: any, reply) => {
    const a = buyer(req);
    const appRow = await loadOwnApplication(ctx.db, a, req.params.id, false);
    const [c] = await ctx.db.select().from(notaryCases).where(eq(notaryCases.id, appRow.caseId));
    if (appRow.status !== '已通过' || !c.certificateFile) throw new DomainError('NOT_READY', '公证书尚未出具', 409);
    return sendStoredFile(ctx, reply, a, c.certificateFile, `公证书-${c.businessNo}.pdf`, { entity: 'application', entityId: appRow.id });
  });
}
