import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DomainError } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import type { JsonZodTypeProvider } from '../../http/json-answers';
import { fileAnswer } from '../../http/file-answers';
import { currentCrl, refreshCrls } from './publish-crl';
import { answerOcsp } from './answer-ocsp';
import { renewArchiveTimestamps } from './renew-archive-timestamps';

const tags = ['public'];
/** pg-boss schedule of the CRL refresh (daily, UTC) */
const CRL_REFRESH = 'pki.crl-refresh';
/** pg-boss schedule of the archive time-stamp renewal (daily, UTC) */
const ARCHIVE_RENEWAL = 'pki.archive-renewal';

/** The platform CA's revocation services, named by every certificate it issues (CRL DP, AIA OCSP). */
export async function pkiRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<JsonZodTypeProvider>();
  const ocspResponse = fileAnswer('OCSP 响应（DER）', 'application/ocsp-response');
  app.get(
    '/api/pki/crl/:file',
    {
      schema: {
        tags,
        summary: '证书吊销列表（CRL，DER）',
        params: z.object({ file: z.string().regex(/^[0-9a-f]{16,64}\.crl$/, 'CRL 文件名应为 <CA 密钥标识>.crl') }),
        response: fileAnswer('证书吊销列表（DER）', 'application/pkix-crl'),
      },
    },
    async (req, reply) => {
      const der = await currentCrl(ctx, req.params.file.slice(0, -4));
      if (!der) throw new DomainError('CRL_NOT_FOUND', '没有该 CA 的吊销列表', 404);
      return reply.type('application/pkix-crl').header('cache-control', 'public, max-age=3600').send(der);
    },
  );

  app.addContentTypeParser('application/ocsp-request', { parseAs: 'buffer', bodyLimit: 16 * 1024 }, (_r, body, done) =>
    done(null, body),
  );
  app.post(
    '/api/pki/ocsp',
    {
      schema: {
        tags,
        summary: 'OCSP 证书状态查询（RFC 6960）',
        consumes: ['application/ocsp-request'],
        response: ocspResponse,
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body))
        throw new DomainError('OCSP_REQUEST_REQUIRED', '请以 application/ocsp-request 提交 DER 编码的 OCSP 请求', 415);
      return reply.type('application/ocsp-response').send(await answerOcsp(ctx, req.body));
    },
  );
  // GET form (RFC 6960 A.1): the DER request, base64 then URL-encoded, as the last path part
  app.get(
    '/api/pki/ocsp/*',
    {
      schema: {
        tags,
        summary: 'OCSP 证书状态查询（GET，base64）',
        params: z.object({ '*': z.string() }),
        response: ocspResponse,
      },
    },
    async (req, reply) => {
      let b64 = req.params['*'];
      try {
        b64 = decodeURIComponent(b64);
      } catch {
        /* already decoded: base64 has no % */
      }
      const der = Buffer.from(b64, 'base64');
      return reply.type('application/ocsp-response').send(await answerOcsp(ctx, der));
    },
  );

  await ctx.bus.on(CRL_REFRESH, () => refreshCrls(ctx));
  await ctx.bus.schedule(CRL_REFRESH, '17 3 * * *');
  // archive time-stamps renewed before their TSA certificate expires (PAdES B-LTA), daily
  await ctx.bus.on(ARCHIVE_RENEWAL, async () => {
    await renewArchiveTimestamps(ctx);
  });
  await ctx.bus.schedule(ARCHIVE_RENEWAL, '43 2 * * *');
}
