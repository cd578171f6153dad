// The buyer's API calls: the session is an httpOnly cookie; every non-GET sends the CSRF token
// that the login (or GET /api/auth/me) answered with. Errors come as { code, message, violations }.
import type { TApiError } from '@netsign/api';

export class ApiError extends Error {
  constructor(public readonly status: number, public readonly body: TApiError) {
    super(body.message);
  }
  get code() {
    return this.body.code;
  }
}

/** fired when the server says the session is gone: the app sends the buyer to sign in again */
export const SIGNED_OUT = 'netsign:signed-out';

let csrfToken = '';
export const setCsrfToken = (t: string) => {
  csrfToken = t;
};

const OFFLINE: TApiError = { code: 'NETWORK', message: '网络连接失败，请检查网络后重试' };

async function parse(res: Response) {
  const text = await res.text();
  let body: any = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    if (res.status === 401) window.dispatchEvent(new Event(SIGNED_OUT));
    throw new ApiError(res.status, body?.message ? body : { code: `HTTP_${res.status}`, message: `服务暂时不可用（${res.status}），请稍后重试` });
  }
  return body;
}

export async function api<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const h: Record<string, string> = { ...headers };
  if (method !== 'GET' && csrfToken) h['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    h['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers: h, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, OFFLINE);
  }
  return parse(res);
}

export const get = <T = any>(url: string) => api<T>('GET', url);
export const post = <T = any>(url: string, body: unknown = {}, headers?: Record<string, string>) => api<T>('POST', url, body, headers);

/**
 * A multipart upload with progress (fetch has no upload progress): the page shows the percentage
 * and offers 重试 when it fails.
 */
export function upload<T = any>(url: string, form: FormData, headers: Record<string, string>, onProgress: (pct: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, { code: 'NETWORK', message: '上传失败：网络连接中断，请检查网络后点「重试」' }));
    xhr.ontimeout = xhr.onerror;
    xhr.onload = () => {
      let body: any;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status === 401) window.dispatchEvent(new Event(SIGNED_OUT));
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve(body as T);
      } else reject(new ApiError(xhr.status, body?.message ? body : { code: `HTTP_${xhr.status}`, message: `上传失败（${xhr.status}），请点「重试」` }));
    };
    xhr.send(form);
  });
}

/** The message a person should read for any error thrown by these calls. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return '操作失败，请稍后重试';
}
