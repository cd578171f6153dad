import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { logSerializers } from './log-redaction';
import { installRequestLog, quietRequestLogs } from './request-log';

// Issue 16 item 13: at LOG_LEVEL=info a demo's page loads do not flood the console; failed
// requests still show, 5xx louder than 4xx, without their query strings.
async function serverLoggingAt(level: string) {
  const lines: any[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(chunk.toString('utf8')));
      cb();
    },
  });
  const app = Fastify({
    loggerInstance: pino({ level, serializers: logSerializers }, stream) as any,
    logController: quietRequestLogs(),
  });
  installRequestLog(app);
  app.get('/ok', async () => ({ ok: true }));
  app.get('/missing', async (_req, reply) => reply.code(404).send({ code: 'NOT_FOUND' }));
  app.get('/broken', async () => {
    throw new Error('boom');
  });
  await app.ready();
  return { app, lines };
}

describe('request log', () => {
  it('at info: only failed requests, 4xx at info and 5xx at warn, without the query string', async () => {
    const { app, lines } = await serverLoggingAt('info');
    await app.inject({ url: '/ok' });
    await app.inject({ url: '/missing?token=secret-token' });
    await app.inject({ url: '/broken' });
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed.map((l) => [l.req.url, l.res.statusCode, l.level])).toEqual([
      ['/missing?…', 404, 30],
      ['/broken', 500, 40],
    ]);
    expect(lines.some((l) => l.msg === 'incoming request')).toBe(false);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
    await app.close();
  });

  it('at debug: every request, one line each', async () => {
    const { app, lines } = await serverLoggingAt('debug');
    await app.inject({ url: '/ok' });
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed.map((l) => [l.req.url, l.res.statusCode, l.level])).toEqual([['/ok', 200, 20]]);
    await app.close();
  });
});
