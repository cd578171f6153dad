import type { z } from 'zod';
import { ApiError } from './api-error';

/** What a person reads when there is no answer from the server to show (each app words its own). */
export interface ClientMessages {
  network: string;
  failed: (status: number) => string;
  uploadNetwork: string;
  uploadFailed: (status: number) => string;
  /** the answer did not have the shape the schema describes: the app and the server disagree */
  badResponse: string;
}

export const DEFAULT_MESSAGES: ClientMessages = {
  network: '网络连接失败，请检查网络后重试',
  failed: (status) => `请求失败（HTTP ${status}）`,
  uploadNetwork: '上传失败：网络连接中断，请检查网络后重试',
  uploadFailed: (status) => `上传失败（HTTP ${status}）`,
  badResponse: '服务器的答复与本页面版本不符，请刷新页面后重试',
};

export interface ClientOptions {
  /** called on every 401: the session is gone and the app shows its sign-in */
  onUnauthenticated?: () => void;
  messages?: Partial<ClientMessages>;
}

export interface RequestOptions<S extends z.ZodType | undefined = undefined> {
  body?: unknown;
  headers?: Record<string, string>;
  /** the answer's schema (from @netsign/api): the answer is parsed with it, so its type is checked at run time too */
  schema?: S;
}

export interface UploadOptions<S extends z.ZodType | undefined = undefined> {
  headers?: Record<string, string>;
  onProgress?: (percent: number) => void;
  schema?: S;
}

/** What a call resolves to: the schema's output when one was given, else what the caller names. */
export type Answer<S, T> = S extends z.ZodType ? z.output<S> : T;

const isRawBody = (b: unknown): b is BodyInit =>
  typeof b === 'string' ||
  b instanceof FormData ||
  b instanceof Blob ||
  b instanceof ArrayBuffer ||
  b instanceof URLSearchParams;

/**
 * The one HTTP client of both web apps: same-origin cookie session, the CSRF token on every
 * state-changing call, JSON in and out, failures as `ApiError`, and uploads with progress.
 */
export function createApiClient(options: ClientOptions = {}) {
  const messages: ClientMessages = { ...DEFAULT_MESSAGES, ...options.messages };
  let csrfToken = '';

  function parsed<S extends z.ZodType | undefined, T>(status: number, body: unknown, schema: S): Answer<S, T> {
    if (!schema) return body as Answer<S, T>;
    const r = schema.safeParse(body);
    if (r.success) return r.data as Answer<S, T>;
    const violations = r.error.issues.map((i) => ({
      field: i.path.join('.'),
      code: i.code.toUpperCase(),
      message: i.message,
    }));
    throw new ApiError(status, 'BAD_RESPONSE', messages.badResponse, violations);
  }

  function failure(status: number, body: unknown, fallback: string): ApiError {
    if (status === 401) options.onUnauthenticated?.();
    return ApiError.fromBody(status, body, fallback);
  }

  async function request<T = unknown, S extends z.ZodType | undefined = undefined>(
    method: string,
    url: string,
    o: RequestOptions<S> = {},
  ): Promise<Answer<S, T>> {
    const headers: Record<string, string> = { ...o.headers };
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    let payload: BodyInit | undefined;
    if (isRawBody(o.body)) payload = o.body;
    else if (o.body !== undefined || method !== 'GET') {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(o.body ?? {});
    }
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, 'NETWORK', messages.network);
    }
    const type = res.headers.get('content-type') ?? '';
    if (!res.ok) {
      const body = await res.json().catch(() => null);
      throw failure(res.status, body, messages.failed(res.status));
    }
    if (type.includes('json')) return parsed<S, T>(res.status, await res.json(), o.schema as S);
    // a file (a PDF, a CSV report) or an empty answer
    const blob = await res.blob();
    return parsed<S, T>(res.status, blob.size ? blob : undefined, o.schema as S);
  }

  /** A multipart upload with progress (fetch reports none): the page shows the percentage. */
  function upload<T = unknown, S extends z.ZodType | undefined = undefined>(
    url: string,
    form: FormData,
    o: UploadOptions<S> = {},
  ): Promise<Answer<S, T>> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
      for (const [k, v] of Object.entries(o.headers ?? {})) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) o.onProgress?.(Math.round((e.loaded / e.total) * 100));
      };
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK', messages.uploadNetwork));
      xhr.ontimeout = xhr.onerror;
      xhr.onload = () => {
        let body: unknown;
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
        } catch {
          body = undefined;
        }
        if (xhr.status < 200 || xhr.status >= 300)
          return reject(failure(xhr.status, body, messages.uploadFailed(xhr.status)));
        o.onProgress?.(100);
        try {
          resolve(parsed<S, T>(xhr.status, body, o.schema as S));
        } catch (e) {
          reject(e);
        }
      };
      xhr.send(form);
    });
  }

  return {
    /** the token the sign-in (or GET /api/auth/me) answered with; sent as X-CSRF-Token on every write */
    setCsrfToken(token: string) {
      csrfToken = token;
    },
    request,
    get: <T = unknown, S extends z.ZodType | undefined = undefined>(url: string, schema?: S) =>
      request<T, S>('GET', url, { schema }),
    post: <T = unknown, S extends z.ZodType | undefined = undefined>(
      url: string,
      body?: unknown,
      o: Omit<RequestOptions<S>, 'body'> = {},
    ) => request<T, S>('POST', url, { ...o, body: body ?? {} }),
    put: <T = unknown, S extends z.ZodType | undefined = undefined>(
      url: string,
      body?: unknown,
      o: Omit<RequestOptions<S>, 'body'> = {},
    ) => request<T, S>('PUT', url, { ...o, body: body ?? {} }),
    patch: <T = unknown, S extends z.ZodType | undefined = undefined>(
      url: string,
      body?: unknown,
      o: Omit<RequestOptions<S>, 'body'> = {},
    ) => request<T, S>('PATCH', url, { ...o, body: body ?? {} }),
    del: <T = unknown, S extends z.ZodType | undefined = undefined>(
      url: string,
      o: Omit<RequestOptions<S>, 'body'> = {},
    ) => request<T, S>('DELETE', url, o),
    upload,
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;

/** A query string from the set values only ('' when none is set). */
export function qs(params: Record<string, unknown>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
