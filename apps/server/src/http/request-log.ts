import { LogController, type FastifyInstance } from 'fastify';

/** Fastify's own request lines off (its `disableRequestLogging`, through the non-deprecated controller). */
export const quietRequestLogs = () => new LogController({ disableRequestLogging: true });

/**
 * One log line a request, after its answer: failures at info (4xx) or warn (5xx), everything else
 * at debug, so LOG_LEVEL=info (the default) shows what went wrong and not every page load of a
 * demo. Build Fastify with `logController: quietRequestLogs()` so its own two lines a request are gone.
 * The URL goes through the request serializer (http/log-redaction.ts): no query strings, no tokens.
 */
export function installRequestLog(app: FastifyInstance) {
  app.addHook('onResponse', async (req, reply) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'warn' : status >= 400 ? 'info' : 'debug';
    req.log[level](
      { req, res: { statusCode: status }, responseTime: Math.round(reply.elapsedTime) },
      'request completed',
    );
  });
}
