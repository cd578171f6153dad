import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from '../zod';
import { ApiError, createApiClient } from './index';

// The shared client against a real HTTP server: what each app relies on when the server answers.
let server: Server;
let base = '';
const seen: { method: string; url: string; csrf?: string; type?: string; body: string }[] = [];

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => resolve(s));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    seen.push({
      method: req.method!,
      url: req.url!,
      csrf: req.headers['x-csrf-token'] as string | undefined,
      type: req.headers['content-type'],
      body: await read(req),
    });
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    if (req.url === '/me')
      return json(200, { kind: 'buyer', phone: '13800138000', csrfToken: 'tok', extra: 'not in the schema' });
    if (req.url === '/wrong-shape') return json(200, { kind: 'buyer', phone: 138 });
    if (req.url === '/refused')
      return json(422, {
        code: 'VALIDATION_FAILED',
        message: '请求内容有误：姓名：必填',
        violations: [{ field: 'name', code: 'REQUIRED', message: '姓名：必填' }],
      });
    if (req.url === '/signed-out') return json(401, { code: 'UNAUTHENTICATED', message: '请先登录' });
    if (req.url === '/proxy-down')
      return res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
    if (req.url === '/file') return res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7');
    return json(200, { ok: true });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ZBuyer = z.object({ kind: z.literal('buyer'), phone: z.string(), csrfToken: z.string() });

describe('the one HTTP client of both apps', () => {
  it('sends the CSRF token with every write once signed in, never with a read, and JSON bodies as JSON', async () => {
    const api = createApiClient();
    await api.post(`${base}/before`, { a: 1 });
    api.setCsrfToken('csrf-1');
    await api.get(`${base}/read`);
    await api.post(`${base}/write`, { a: 1 });
    await api.del(`${base}/gone`);
    const [before, read, write, gone] = seen.slice(-4);
    expect(before.csrf).toBeUndefined();
    expect(read).toMatchObject({ method: 'GET', csrf: undefined, body: '' });
    expect(write).toMatchObject({ method: 'POST', csrf: 'csrf-1', type: 'application/json', body: '{"a":1}' });
    expect(gone).toMatchObject({ method: 'DELETE', csrf: 'csrf-1', body: '{}' });
  });

  it('parses an answer with the schema the caller gives: fields it does not list are dropped', async () => {
    const me = await createApiClient().get(`${base}/me`, ZBuyer);
    expect(me).toEqual({ kind: 'buyer', phone: '13800138000', csrfToken: 'tok' });
  });

  it('refuses an answer of another shape as BAD_RESPONSE naming the field, instead of handing it on', async () => {
    const e = await createApiClient()
      .get(`${base}/wrong-shape`, ZBuyer)
      .catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 200, code: 'BAD_RESPONSE' });
    expect(e.violations.map((v: { field: string }) => v.field)).toEqual(['phone', 'csrfToken']);
  });

  it("turns the server's error body into one ApiError: status, code, Chinese message, violations", async () => {
    const e = await createApiClient()
      .post(`${base}/refused`, {})
      .catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({
      status: 422,
      code: 'VALIDATION_FAILED',
      message: '请求内容有误：姓名：必填',
      violations: [{ field: 'name', code: 'REQUIRED', message: '姓名：必填' }],
    });
  });

  it('tells the app when the session is gone (401), so it can show the sign-in', async () => {
    let told = 0;
    const e = await createApiClient({ onUnauthenticated: () => told++ })
      .get(`${base}/signed-out`)
      .catch((x) => x);
    expect(e).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message: '请先登录' });
    expect(told).toBe(1);
  });

  it("words an answer that is not the server's (a proxy page) and a lost connection in the app's own words", async () => {
    const api = createApiClient({ messages: { failed: (s) => `服务暂时不可用（${s}）`, network: '网络连接失败' } });
    expect(await api.get(`${base}/proxy-down`).catch((x) => x)).toMatchObject({
      status: 502,
      code: 'HTTP_502',
      message: '服务暂时不可用（502）',
      violations: [],
    });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await api.get(`http://127.0.0.1:${port}/x`).catch((x) => x)).toMatchObject({
      status: 0,
      code: 'NETWORK',
      message: '网络连接失败',
    });
  });

  it('hands a file answer over as a Blob', async () => {
    const file = await createApiClient().get<Blob>(`${base}/file`);
    expect(file).toBeInstanceOf(Blob);
    expect(await file.text()).toBe('%PDF-1.7');
  });
});
