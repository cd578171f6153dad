import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { validatorCompiler, jsonSchemaTransform } from 'fastify-type-provider-zod';
import pino, { type DestinationStream, type Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { loadConfig, type TConfig } from './platform/config';
import { openDatabase } from './platform/db';
import { openBlobStore } from './platform/blob-store';
import { dataKeys } from './platform/data-keys';
import { registerDataKeys } from './platform/personal-data';
import { sealAtRest } from './platform/seal-at-rest';
import { masterKey } from './modules/documents/keys';
import { startEventBus } from './platform/queue';
import { systemClock, type Clock } from './platform/clock';
import type { AppContext } from './platform/app-context';
import { openLiveHub } from './modules/notifications/live-hub';
import { scheduleCheckpoints } from './modules/audit/make-checkpoint';
import { installErrorHandler } from './http/errors';
import { installAuth } from './http/auth';
import { installIdempotency } from './http/idempotency';
import { logSerializers, REDACT_PATHS } from './http/log-redaction';
import { installHealth } from './http/health';
import { installTextCheck } from './http/text-check';
import { installSecurityHeaders } from './http/security-headers';
import { frameworkError } from './http/client-errors';
import { installRequestLog, quietRequestLogs } from './http/request-log';
import { MODULES } from './modules';
import { WorkCalendars } from './modules/calendar/work-calendar';
import { installWebApps } from './http/static-apps';
import { jsonAnswerCompiler } from './http/json-answers';

export interface Server {
  app: FastifyInstance;
  ctx: AppContext;
  /** every route registered (method and URL), e.g. for the authorization test */
  routes: { method: string; url: string }[];
  /**
   * Graceful shutdown within `deadlineMs` (default 8 s): stop accepting, end the live streams
   * with a retry hint, let running requests finish (cut off at the deadline), stop the queue's
   * workers, close the database.
   */
  close(opts?: { deadlineMs?: number }): Promise<void>;
}

/** The keys personal data is sealed under, from the master key and the previous ones (docs/SECURITY.md, item 12). */
export function serverDataKeys(config: TConfig, log: Logger) {
  return dataKeys(
    masterKey({ config, log } as AppContext),
    config.MASTER_KEYS_PREVIOUS.map((k) => Buffer.from(k, 'hex')),
  );
}

/** Opens every backend the config names and registers each context's routes and event handlers. */
export async function buildServer(
  config: TConfig = loadConfig(),
  opts: { clock?: Clock; logStream?: DestinationStream } = {},
): Promise<Server> {
  const log = pino(
    {
      level: config.LOG_LEVEL,
      // never log ID numbers, passwords, hashes or tokens: no SQL parameters, no query strings, no link tokens
      redact: REDACT_PATHS,
      serializers: logSerializers,
    },
    opts.logStream,
  );
  const database = await openDatabase(config);
  // personal data is sealed under keys derived from the master key (docs/SECURITY.md, item 12);
  // a master key that did not seal this database stops the start here (MasterKeyMismatchError)
  const keys = serverDataKeys(config, log);
  const unregisterKeys = registerDataKeys(config, keys);
  const blobs = await openBlobStore(config, log, () => keys);
  try {
    await sealAtRest({ config, database, db: database.db, log }, blobs);
  } catch (e) {
    unregisterKeys();
    await database.close();
    throw e;
  }
  const bus = await startEventBus(database, log);
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    blobs,
    bus,
    clock: opts.clock ?? systemClock,
    log,
    live: await openLiveHub(database, log),
    calendar: new WorkCalendars(opts.clock ?? systemClock, log),
  };

  // X-Forwarded-For names the client only when the peer is a configured proxy (docs/SECURITY.md)
  const trustProxy = config.TRUSTED_PROXIES.length ? config.TRUSTED_PROXIES : false;
  const app = Fastify({
    loggerInstance: log as any,
    genReqId: () => randomUUID(),
    bodyLimit: 2 * 1024 * 1024,
    frameworkErrors: frameworkError,
    trustProxy,
    logController: quietRequestLogs(),
  });
  installRequestLog(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(jsonAnswerCompiler);
  await installSecurityHeaders(app, config.publicUrl.startsWith('https:'));
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 200 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: { info: { title: 'netsign 商品房电子公证网签 API', version: '0.1.0' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  const routes: Server['routes'] = [];
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push({ method: m, url: r.url });
  });
  installErrorHandler(app);
  installTextCheck(app);
  installAuth(app, ctx);
  installIdempotency(app, ctx);
  for (const register of MODULES) await register(app, ctx);
  installHealth(app, ctx);
  await installWebApps(app, config.NODE_ENV === 'production');
  await app.ready();
  const checkpoints = scheduleCheckpoints(ctx, config.AUDIT_CHECKPOINT_SECONDS);

  return {
    app,
    ctx,
    routes,
    async close({ deadlineMs = 8000 } = {}) {
      const until = Date.now() + deadlineMs;
      // requests still running 2 s before the deadline lose their connection (the queue and the
      // database need the rest); what they had not committed rolls back when the process exits
      const cutOff = setTimeout(() => app.server.closeAllConnections(), Math.max(0, deadlineMs - 2000));
      try {
        await app.close();
      } finally {
        clearTimeout(cutOff);
      }
      await checkpoints.stop();
      await bus.stop({ timeoutMs: Math.max(500, until - Date.now() - 500) });
      await ctx.live.close();
      await database.close();
      unregisterKeys();
    },
  };
}
