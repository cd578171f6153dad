import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { DomainError } from '@netsign/domain';
import {
  PHOTO_KINDS,
  ZAgreeRequest,
  ZApplicationList,
  ZApplicationView,
  ZBuyerCaseView,
  ZCaptureToken,
  ZClaimRequest,
  ZConsentRequest,
  ZConsentText,
  ZFaceChallenge,
  ZFaceResult,
  ZIdentityDocumentRequest,
  ZReadRequest,
  ZSigningCertificate,
  ZSigningCertificateRequest,
  ZSigningCompleteRequest,
  ZSigningDone,
  ZSigningRequest,
  ZVerificationRoute,
  ZVideoFramesResult,
  ZVideoText,
} from '@netsign/api';
import { answers, type JsonZodTypeProvider } from '../../http/json-answers';
import type { AppContext } from '../../platform/app-context';
import { buyer } from '../../http/auth';
import { notaryCases, buyerApplications } from './tables';
import { openCaseByToken, claimApplication } from './claim-application';
import { recordConsent, CONSENT_TEXTS } from './record-consent';
import { recordPagesRead, agreeToDocuments, documentsFor } from './read-documents';
import { issueFaceChallenge, submitFaceFrames, MAX_FRAMES } from './verify-face';
import { verifyIdentityDocument } from './verify-identity-document';
import { issueCaptureToken } from './capture-session';
import { uploadBuyerPhoto } from './upload-buyer-photo';
import { issueVideoText, submitVideoFrames, uploadEvidenceVideo } from './record-evidence-video';
import { submitApplication } from './submit-application';
import { issueSigningCertificate, prepareSigning, completeSigning } from './sign-documents';
import { loadOwnApplication } from './case-access';
import { buyerApplicationView } from './case-views';
import { sendStoredFile } from '../files/send-stored-file';
import { Id } from './route-schemas';
import { fileAnswer } from '../../http/file-answers';
import { loadedApplication } from './stored-evidence';

const tags = ['buyer'];
const DocId = z.object({ id: z.uuid(), docId: z.uuid() });
const Frames = z.array(z.string().max(2_000_000)).min(1).max(MAX_FRAMES);
const decodeFrames = (frames: string[]) =>
  frames.map((f) => Buffer.from(f.replace(/^data:image\/\w+;base64,/, ''), 'base64'));
/** The one-time capture token the page got before opening the camera (one header, else none). */
const captureToken = (req: FastifyRequest) => {
  const h = req.headers['x-capture-token'];
  return typeof h === 'string' ? h : undefined;
};
/** The text fields sent before a multipart file (a repeated field: its first value). */
const textFields = (file: MultipartFile) =>
  Object.fromEntries(
    Object.entries(file.fields).flatMap(([k, v]): [string, unknown][] => {
      const first: Multipart | undefined = Array.isArray(v) ? v[0] : v;
      return k !== 'file' && first?.type === 'field' ? [[k, first.value]] : [];
    }),
  );

/** 买受人: the buyer's mobile app — 在线公证 from the QR code to 提交, 签署 and the 公证书. */
export async function notaryBuyerRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<JsonZodTypeProvider>();
  /** The buyer's application as it is after a step. */
  const done = async (req: FastifyRequest, id: string, p: Promise<unknown>) => {
    await p;
    return buyerApplicationView(ctx, await loadOwnApplication(ctx.db, buyer(req), id, false));
  };

  app.get(
    '/api/buyer/cases/:token',
    {
      schema: {
        tags,
        summary: '扫码进入在线公证页面',
        params: z.object({ token: z.string().min(20).max(100) }),
        response: answers({ 200: ZBuyerCaseView }),
      },
    },
    async (req) => openCaseByToken(ctx, req.params.token),
  );
  app.get(
    '/api/buyer/consent-text',
    {
      schema: {
        tags,
        summary: '单独同意书（按核验方式：face 人脸识别，document_video 证件 + 佐证视频）',
        querystring: z.object({ route: ZVerificationRoute.default('face') }),
        response: answers({ 200: ZConsentText }),
      },
    },
    async (req) => CONSENT_TEXTS[req.query.route],
  );
  app.post(
    '/api/buyer/claim',
    {
      schema: {
        tags,
        summary: '选中购买人（本人）',
        body: ZClaimRequest,
        response: answers({ 200: ZApplicationView }),
      },
    },
    async (req) => {
      const a = buyer(req);
      return buyerApplicationView(ctx, await claimApplication(ctx, a, req.body.token, req.body.buyerIndex));
    },
  );
  app.get(
    '/api/buyer/applications',
    { schema: { tags, summary: '我的申请记录', response: answers({ 200: ZApplicationList }) } },
    async (req) => {
      const a = buyer(req);
      const rows = await ctx.db
        .select()
        .from(buyerApplications)
        .where(eq(buyerApplications.buyerPhone, a.phone))
        .orderBy(desc(buyerApplications.updatedAt));
      return Promise.all(rows.map((r) => buyerApplicationView(ctx, loadedApplication(r))));
    },
  );
  app.get(
    '/api/buyer/applications/:id',
    { schema: { tags, summary: '申请详情', params: Id, response: answers({ 200: ZApplicationView }) } },
    async (req) => buyerApplicationView(ctx, await loadOwnApplication(ctx.db, buyer(req), req.params.id, false)),
  );
  app.post(
    '/api/buyer/applications/:id/consent',
    {
      schema: {
        tags,
        summary: '人脸信息处理单独同意',
        params: Id,
        body: ZConsentRequest,
        response: answers({ 200: ZApplicationView }),
      },
    },
    async (req) =>
      done(req, req.params.id, recordConsent(ctx, buyer(req), req.params.id, req.body.accepted, req.body.textVersion)),
  );
  app.post(
    '/api/buyer/applications/:id/face/challenge',
    {
      schema: {
        tags,
        summary: '人脸识别：获取动作',
        params: Id,
        body: z.object({ stage: z.enum(['first', 'second']) }),
        response: answers({ 200: ZFaceChallenge }),
      },
    },
    async (req) => issueFaceChallenge(ctx, buyer(req), req.params.id, req.body.stage),
  );
  app.post(
    '/api/buyer/applications/:id/face/frames',
    {
      bodyLimit: 16 << 20,
      schema: {
        tags,
        summary: '人脸识别：提交画面',
        params: Id,
        body: z.object({ challengeId: z.uuid(), frames: Frames }),
        response: answers({ 200: ZFaceResult }),
      },
    },
    async (req) => {
      const r = await submitFaceFrames(
        ctx,
        buyer(req),
        req.params.id,
        req.body.challengeId,
        decodeFrames(req.body.frames),
      );
      return { passed: r.passed, stage: r.stage, application: await buyerApplicationView(ctx, r.application) };
    },
  );
  app.post(
    '/api/buyer/applications/:id/captures',
    { schema: { tags, summary: '拍摄凭证（打开相机前获取）', params: Id, response: answers({ 200: ZCaptureToken }) } },
    async (req) => issueCaptureToken(ctx, buyer(req), req.params.id),
  );
  app.post(
    '/api/buyer/applications/:id/identity-document',
    {
      schema: {
        tags,
        summary: '非大陆居民：录入身份证明文件（multipart：字段在前，照片页在后）',
        params: Id,
        response: answers({ 200: ZApplicationView }),
      },
    },
    async (req) => {
      const a = buyer(req);
      const file = await req.file();
      if (!file) throw new DomainError('FILE_REQUIRED', '请拍摄证件照片页', 400);
      const fields = textFields(file);
      if (fields.mrz)
        fields.mrz = String(fields.mrz)
          .split(/\r?\n|\|/)
          .filter(Boolean);
      const parsed = ZIdentityDocumentRequest.safeParse(fields);
      if (!parsed.success) {
        file.file.resume();
        throw new DomainError(
          'VALIDATION_FAILED',
          '证件信息填写有误',
          400,
          parsed.error.issues.map((i) => ({
            field: i.path.join('.'),
            code: i.code.toUpperCase(),
            message: `${i.path.join('.')}：${i.message}`,
          })),
        );
      }
      return done(
        req,
        req.params.id,
        verifyIdentityDocument(ctx, a, req.params.id, parsed.data, file.file, captureToken(req)),
      );
    },
  );
  app.get(
    '/api/buyer/applications/:id/documents/:docId/file',
    {
      schema: {
        tags,
        summary: '阅读文件（PDF）',
        params: DocId,
        response: fileAnswer('文件（PDF）', 'application/pdf'),
      },
    },
    async (req, reply) => {
      const a = buyer(req);
      const appRow = await loadOwnApplication(ctx.db, a, req.params.id, false);
      const doc = (await documentsFor(ctx.db, appRow)).find((d) => d.id === req.params.docId);
      if (!doc) throw new DomainError('NOT_FOUND', '文件不存在', 404);
      return sendStoredFile(ctx, reply, a, doc.fileSha256, `${doc.title}.pdf`, {
        entity: 'application',
        entityId: appRow.id,
      });
    },
  );
  app.post(
    '/api/buyer/applications/:id/documents/:docId/read',
    {
      schema: {
        tags,
        summary: '记录已阅读的页',
        params: DocId,
        body: ZReadRequest,
        response: answers({ 200: ZApplicationView }),
      },
    },
    async (req) =>
      done(req, req.params.id, recordPagesRead(ctx, buyer(req), req.params.id, req.params.docId, req.body.pages)),
  );
  app.post(
    '/api/buyer/applications/:id/agree',
    {
      schema: {
        tags,
        summary: '同意继续',
        params: Id,
        body: ZAgreeRequest,
        response: answers({ 200: ZApplicationView }),
      },
    },
    async (req) => done(req, req.params.id, agreeToDocuments(ctx, buyer(req), req.params.id, req.body.documents)),
  );
  app.post(
    '/api/buyer/applications/:id/photos/:kind',
    {
      schema: {
        tags,
        summary: '上传现场拍摄的照片（头 X-Capture-Token）',
        params: z.object({ id: z.uuid(), kind: z.enum(PHOTO_KINDS) }),
        response: answers({ 200: ZApplicationView }),
      },
    },
    async (req) => {
      const a = buyer(req);
      const file = await req.file();
      if (!file) throw new DomainError('FILE_REQUIRED', '请拍摄照片', 400);
      return done(
        req,
        req.params.id,
        uploadBuyerPhoto(ctx, a, req.params.id, req.params.kind, file.file, captureToken(req)),
      );
    },
  );
  app.post(
    '/api/buyer/applications/:id/video/text',
    { schema: { tags, summary: '录制视频：获取朗读文字', params: Id, response: answers({ 200: ZVideoText }) } },
    async (req) => issueVideoText(ctx, buyer(req), req.params.id),
  );
  app.post(
    '/api/buyer/applications/:id/video/frames',
    {
      bodyLimit: 16 << 20,
      schema: {
        tags,
        summary: '录制中截取的画面',
        params: Id,
        body: z.object({ textId: z.uuid(), frames: Frames }),
        response: answers({ 200: ZVideoFramesResult }),
      },
    },
    async (req) => submitVideoFrames(ctx, buyer(req), req.params.id, req.body.textId, decodeFrames(req.body.frames)),
  );
  app.post(
    '/api/buyer/applications/:id/video',
    {
      schema: {
        tags,
        summary: '提交视频（multipart）',
        params: Id,
        querystring: z.object({ textId: z.uuid() }),
        response: answers({ 200: ZApplicationView }),
      },
    },
    async (req) => {
      const a = buyer(req);
      const file = await req.file();
      if (!file) throw new DomainError('FILE_REQUIRED', '请先录制视频', 400);
      return done(req, req.params.id, uploadEvidenceVideo(ctx, a, req.params.id, req.query.textId, file.file));
    },
  );
  // 签署 with the phone's own key (sign-documents.ts): certificate request → prepare → complete
  app.post(
    '/api/buyer/applications/:id/signing/certificate',
    {
      schema: {
        tags,
        summary: '签署：以本机密钥申请签名证书',
        params: Id,
        body: ZSigningCertificateRequest,
        response: answers({ 200: ZSigningCertificate }),
      },
    },
    async (req) => issueSigningCertificate(ctx, buyer(req), req.params.id, req.body.csr),
  );
  app.post(
    '/api/buyer/applications/:id/signing/prepare',
    { schema: { tags, summary: '签署：准备待签文件', params: Id, response: answers({ 200: ZSigningRequest }) } },
    async (req) => prepareSigning(ctx, buyer(req), req.params.id),
  );
  app.post(
    '/api/buyer/applications/:id/signing/complete',
    {
      schema: {
        tags,
        summary: '签署：提交签名',
        params: Id,
        body: ZSigningCompleteRequest,
        response: answers({ 200: ZSigningDone }),
      },
    },
    async (req) => completeSigning(ctx, buyer(req), req.params.id, req.body),
  );
  app.post(
    '/api/buyer/applications/:id/submit',
    { schema: { tags, summary: '提交资料，完成', params: Id, response: answers({ 200: ZApplicationView }) } },
    async (req) => done(req, req.params.id, submitApplication(ctx, buyer(req), req.params.id)),
  );
  app.get(
    '/api/buyer/applications/:id/certificate',
    {
      schema: {
        tags,
        summary: '下载公证书',
        params: Id,
        response: fileAnswer('公证书（PDF，可在浏览器中打开）', 'application/pdf'),
      },
    },
    async (req, reply) => {
      const a = buyer(req);
      const appRow = await loadOwnApplication(ctx.db, a, req.params.id, false);
      const [c] = await ctx.db.select().from(notaryCases).where(eq(notaryCases.id, appRow.caseId));
      if (appRow.status !== '已通过' || !c.certificateFile) throw new DomainError('NOT_READY', '公证书尚未出具', 409);
      return sendStoredFile(ctx, reply, a, c.certificateFile, `公证书-${c.businessNo}.pdf`, {
        entity: 'application',
        entityId: appRow.id,
      });
    },
  );
}
