import type { FastifyInstance } from 'fastify';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Record<string, any>;
  raw: Buffer;
}

/**
 * A signed-in user's view of the API through fastify.inject: keeps the session cookie and sends
 * the CSRF token the login returned, as a browser page would. Also works against a real URL.
 */
export class ApiClient {
  cookie = '';
  csrf = '';
  constructor(private readonly target: FastifyInstance | string) {}

  async request<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    let payload: any = body;
    if (
      body !== undefined &&
      !Buffer.isBuffer(body) &&
      !(typeof body === 'object' && body && 'pipe' in (body as any)) &&
      !h['content-type']
    ) {
      h['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let status: number;
    let raw: Buffer;
    let resHeaders: Record<string, any>;
    if (typeof this.target === 'string') {
      const res = await fetch(this.target + url, { method, headers: h, body: payload });
      status = res.status;
      raw = Buffer.from(await res.arrayBuffer());
      resHeaders = Object.fromEntries(res.headers.entries());
      const sc = res.headers.getSetCookie?.() ?? [];
      if (sc.length) resHeaders['set-cookie'] = sc;
    } else {
      const res = await this.target.inject({ method: method as any, url, headers: h, payload });
      status = res.statusCode;
      raw = res.rawPayload;
      resHeaders = res.headers;
    }
    const setCookie = resHeaders['set-cookie'];
    for (const c of [setCookie].flat().filter(Boolean) as string[]) {
      const pair = c.split(';')[0];
      if (pair.startsWith('netsign_session=')) this.cookie = pair.endsWith('=') ? '' : pair;
    }
    const text = raw.toString('utf8');
    let parsed: any = raw;
    if (String(resHeaders['content-type'] ?? '').includes('json')) parsed = text ? JSON.parse(text) : undefined;
    if (parsed && typeof parsed === 'object' && typeof parsed.csrfToken === 'string') this.csrf = parsed.csrfToken;
    return { status, body: parsed, headers: resHeaders, raw };
  }
  get = <T = any>(url: string) => this.request<T>('GET', url);
  post = <T = any>(url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request<T>('POST', url, body ?? {}, headers);
  put = <T = any>(url: string, body?: unknown) => this.request<T>('PUT', url, body ?? {});
  delete = <T = any>(url: string) => this.request<T>('DELETE', url);

  async login(username: string, password: string) {
    const r = await this.post('/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return this;
  }
}

/** A multipart body with one file field, for upload routes. */
export function multipartBody(
  fields: Record<string, string>,
  file: { field?: string; name: string; type: string; data: Buffer },
) {
  const boundary = `----netsign${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`,
    ),
  );
  parts.push(file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
