import type { FastifyInstance } from 'fastify';
import { ZAlive, ZHealth, ZNotReady, ZReady } from '@netsign/api';
import { answers, type JsonZodTypeProvider } from './json-answers';
import type { AppContext } from '../platform/app-context';
import { migrationsDone } from '../platform/db';

/** A check that does not answer in this time counts as failed: a load balancer must not hang. */
const CHECK_TIMEOUT_MS = 3000;
/** No blob has this hash; asking for it reaches the store without reading anything. */
const PROBE_SHA = '0'.repeat(64);

function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * `/healthz`: the process answers (liveness; restart it when this fails). `/readyz`: the database
 * and the blob store answer and every migration is applied (readiness; send it traffic only while
 * this is 200). While the server shuts down Fastify answers 503 to both.
 */
export function installHealth(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<JsonZodTypeProvider>();
  app.get(
    '/api/health',
    { schema: { tags: ['platform'], summary: '服务与数据库类型', response: answers({ 200: ZHealth }) } },
    async () => ({ ok: true as const, database: ctx.database.kind }),
  );
  app.get(
    '/healthz',
    { schema: { tags: ['platform'], summary: '存活检查（进程）', response: answers({ 200: ZAlive }) } },
    async () => ({ ok: true as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['platform'],
        summary: '就绪检查（数据库、文件存储、数据库迁移）',
        response: answers({ 200: ZReady, 503: ZNotReady }),
      },
    },
    async (_req, reply) => {
      const checks: Record<string, 'ok' | 'failed' | 'pending'> = {};
      await Promise.all([
        within(CHECK_TIMEOUT_MS, ctx.database.sql.executeSql('select 1', []))
          .then(async () => {
            checks.database = 'ok';
            checks.migrations = (await within(CHECK_TIMEOUT_MS, migrationsDone(ctx.database))) ? 'ok' : 'pending';
          })
          .catch((err) => {
            ctx.log.warn({ err }, 'readiness: database check failed');
            checks.database ??= 'failed';
            checks.migrations ??= 'failed';
          }),
        within(CHECK_TIMEOUT_MS, ctx.blobs.has(PROBE_SHA))
          .then(() => void (checks.blobs = 'ok'))
          .catch((err) => {
            ctx.log.warn({ err }, 'readiness: blob store check failed');
            checks.blobs = 'failed';
          }),
      ]);
      const ready = Object.values(checks).every((v) => v === 'ok');
      if (ready) return { ok: true as const, checks };
      return reply.status(503).send({ code: 'NOT_READY', message: '服务尚未就绪：数据库或文件存储不可用', checks });
    },
  );
}
