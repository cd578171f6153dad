import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { DomainError } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import { issuedDocuments } from './tables';
import { trustedRoots, builtInTsa } from './keys';
import { verifyUploadedPdf, verifyCertificateByCode } from './verify-document';
import { verifyPage } from './verify-page';
import { receivePdfToTempFile, withUploadClaim } from '../files/receive-public-upload';

const tags = ['public'];

/**
 * The uploaded PDF, streamed to a temporary file (at most 50 MB) while this client address holds
 * its one upload claim, then read for verification; the file is removed afterwards.
 */
async function withPdfUpload<T>(ctx: AppContext, req: any, verify: (pdf: Buffer) => Promise<T>): Promise<T> {
  return withUploadClaim(ctx, `verify:${req.ip}`, async () => {
    const upload = await receivePdfToTempFile(req);
    try {
      return await verify(await readFile(upload.path));
    } finally {
      await upload.cleanup();
    }
  });
}

export async function documentRoutes(app: FastifyInstance, ctx: AppContext) {
  // RFC 3161 time-stamp authority: the platform's own, used when TSA_URL is not configured
  app.addContentTypeParser('application/timestamp-query', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_r, body, done) => done(null, body));
  app.post('/api/tsa', { schema: { tags, summary: 'RFC 3161 时间戳服务', consumes: ['application/timestamp-query'] } }, async (req: any, reply) => {
    const tsa = await builtInTsa(ctx);
    return reply.type('application/timestamp-reply').send(await tsa.respond(req.body));
  });

  app.get('/api/public/trust-root', { schema: { tags, summary: '受信任的根证书（PEM）' } }, async (_req, reply) =>
    reply.type('text/plain').send((await trustedRoots(ctx)).join('\n')));

  app.get('/api/public/documents/by-hash/:sha256', { schema: { tags, summary: '文件是否为平台存档', params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }) } }, async (req: any, reply) => {
    const [d] = await ctx.db.select().from(issuedDocuments).where(eq(issuedDocuments.sha256, req.params.sha256));
    if (!d) return reply.status(404).send({ code: 'NOT_ON_RECORD', message: '平台没有该文件的存档', onRecord: false });
    return { onRecord: true, kind: d.kind, title: d.title, reference: d.reference, signedBy: d.signedBy, issuedAt: d.issuedAt, pages: d.pages };
  });

  app.post('/api/public/verify', { schema: { tags, summary: '上传 PDF 核验签名与存档' } }, async (req) => withPdfUpload(ctx, req, (pdf) => verifyUploadedPdf(ctx, pdf)));

  app.get('/api/public/certificates/verify', { schema: { tags, summary: '按公证书编号与核验码核验', querystring: z.object({ no: z.string().min(3).max(60), code: z.string().min(4).max(40) }) } }, async (req: any) => {
    const r = await verifyCertificateByCode(ctx, req.query.no, req.query.code);
    if (!r) throw new DomainError('CERTIFICATE_NOT_FOUND', '公证书编号或核验码不正确', 404);
    return r;
  });

  app.get('/verify', { schema: { hide: true, querystring: z.object({ no: z.string().max(60).optional(), code: z.string().max(40).optional() }) } }, async (req: any, reply) => {
    reply.type('text/html; charset=utf-8');
    if (!req.query.no) return verifyPage();
    const result = await verifyCertificateByCode(ctx, req.query.no, req.query.code ?? '');
    return result ? verifyPage({ result }) : verifyPage({ error: '公证书编号或核验码不正确，请核对二维码或纸质公证书上的信息' });
  });
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
