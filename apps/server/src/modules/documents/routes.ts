import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { VerifyReport } from '@netsign/documents';
import { DomainError } from '@netsign/domain';
import { ZApiError, ZSha256 } from '@netsign/api';
import { ZCertificateVerification, ZDocumentRecord, ZVerifyReport, type TVerifyReport } from '@netsign/api/documents';
import type { AppContext } from '../../platform/app-context';
import { answers, type JsonZodTypeProvider } from '../../http/json-answers';
import { fileAnswer } from '../../http/file-answers';
import { trustedRoots, builtInTsa } from './keys';
import { recordByHash, verifyUploadedPdf, verifyCertificateByCode } from './verify-document';
import { verifyPage } from './verify-page';
import { receivePdfToTempFile, withUploadClaim } from '../files/receive-public-upload';
import { pkiRoutes } from './pki-routes';
import { certificateForParty } from './download-certificate-as-party';
import { sendStoredFile } from '../files/send-stored-file';

const tags = ['public'];
/** the verifier's report is listed field by field in ZVerifyReport: a field it adds fails the type check until listed */
type Unlisted = Exclude<keyof VerifyReport, keyof TVerifyReport>;
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

/**
 * The uploaded PDF, streamed to a temporary file (at most 50 MB) while this client address holds
 * its one upload claim, then read for verification; the file is removed afterwards.
 */
async function withPdfUpload<T>(ctx: AppContext, req: FastifyRequest, verify: (pdf: Buffer) => Promise<T>): Promise<T> {
  return withUploadClaim(ctx, `verify:${req.ip}`, async () => {
    const upload = await receivePdfToTempFile(req);
    try {
      return await verify(await readFile(upload.path));
    } finally {
      await upload.cleanup();
    }
  });
}

export async function documentRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<JsonZodTypeProvider>();
  await pkiRoutes(fastify, ctx);
  // RFC 3161 time-stamp authority: the platform's own, used when TSA_URL is not configured
  app.addContentTypeParser(
    'application/timestamp-query',
    { parseAs: 'buffer', bodyLimit: 64 * 1024 },
    (_r, body, done) => done(null, body),
  );
  app.post(
    '/api/tsa',
    {
      schema: {
        tags,
        summary: 'RFC 3161 时间戳服务',
        consumes: ['application/timestamp-query'],
        response: fileAnswer('时间戳响应（DER）', 'application/timestamp-reply'),
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body))
        throw new DomainError(
          'TIMESTAMP_QUERY_REQUIRED',
          '请以 application/timestamp-query 提交 DER 编码的时间戳请求',
          415,
        );
      const tsa = await builtInTsa(ctx);
      return reply.type('application/timestamp-reply').send(await tsa.respond(req.body));
    },
  );

  app.get(
    '/api/public/trust-root',
    { schema: { tags, summary: '受信任的根证书（PEM）', response: fileAnswer('PEM 证书', 'text/plain') } },
    async (_req, reply) => reply.type('text/plain').send((await trustedRoots(ctx)).join('\n')),
  );

  app.get(
    '/api/public/documents/by-hash/:sha256',
    {
      schema: {
        tags,
        summary: '文件是否为平台存档',
        params: z.object({ sha256: ZSha256 }),
        // the 404 says so in a field too (`netsign verify` reads the status)
        response: answers({ 200: ZDocumentRecord, 404: ZApiError.extend({ onRecord: z.literal(false) }) }),
      },
    },
    async (req, reply) => {
      const record = await recordByHash(ctx, req.params.sha256);
      if (!record)
        return reply.status(404).send({ code: 'NOT_ON_RECORD', message: '平台没有该文件的存档', onRecord: false });
      return record;
    },
  );

  app.post(
    '/api/public/verify',
    {
      schema: {
        tags,
        summary: '上传 PDF 核验签名与存档',
        consumes: ['multipart/form-data'],
        response: answers({ 200: ZVerifyReport }),
      },
    },
    async (req) => withPdfUpload(ctx, req, (pdf) => verifyUploadedPdf(ctx, pdf)),
  );

  app.get(
    '/api/public/certificates/verify',
    {
      schema: {
        tags,
        summary: '按公证书编号与核验码核验',
        querystring: z.object({ no: z.string().min(3).max(60), code: z.string().min(4).max(40) }),
        response: answers({ 200: ZCertificateVerification }),
      },
    },
    async (req) => {
      const r = await verifyCertificateByCode(ctx, req.query.no, req.query.code);
      if (!r) throw new DomainError('CERTIFICATE_NOT_FOUND', '公证书编号或核验码不正确', 404);
      return r;
    },
  );

  app.get(
    '/verify',
    {
      schema: {
        hide: true,
        querystring: z.object({ no: z.string().max(60).optional(), code: z.string().max(40).optional() }),
      },
    },
    async (req, reply) => {
      reply.type('text/html; charset=utf-8');
      if (!req.query.no) return verifyPage();
      const result = await verifyCertificateByCode(ctx, req.query.no, req.query.code ?? '');
      const download = `/verify/download?no=${encodeURIComponent(req.query.no)}&code=${encodeURIComponent(req.query.code ?? '')}`;
      return result
        ? verifyPage({ result, download })
        : verifyPage({ error: '公证书编号或核验码不正确，请核对二维码或纸质公证书上的信息' });
    },
  );
  // the holder of the code sees the facts; a party signed in takes the archived PDF
  app.get(
    '/verify/download',
    {
      schema: { hide: true, querystring: z.object({ no: z.string().min(3).max(60), code: z.string().min(4).max(40) }) },
    },
    async (req, reply) => {
      try {
        const c = await certificateForParty(ctx, req.actor ?? null, req.query.no, req.query.code);
        // certificateForParty refused a call with nobody signed in
        return await sendStoredFile(ctx, reply, req.actor!, c.certificateFile!, `公证书-${c.businessNo}.pdf`, {
          entity: 'case',
          entityId: c.id,
        });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        reply.status(e.status).type('text/html; charset=utf-8');
        return verifyPage({ error: e.message });
      }
    },
  );
  app.post('/verify', { schema: { hide: true } }, async (req, reply) => {
    reply.type('text/html; charset=utf-8');
    try {
      return verifyPage({ upload: await withPdfUpload(ctx, req, (pdf) => verifyUploadedPdf(ctx, pdf)) });
    } catch (e) {
      if (e instanceof DomainError) return verifyPage({ error: e.message });
      throw e;
    }
  });
}
