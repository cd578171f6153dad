import { violationRule } from '@netsign/api';
/** The API as the console uses it: same-origin cookie session, CSRF header on every write. */
export interface Violation { field: string; code: string; message: string }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly violations: Violation[] = [], readonly currentState?: string) {
    super(message);
  }
}

let csrfToken = '';
export const setCsrfToken = (t: string) => { csrfToken = t; };

/** Called when the session is gone (401): the app shows the login page. */
export const onUnauthenticated = new EventTarget();

async function toError(res: Response): Promise<ApiError> {
  let body: any = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  if (res.status === 401) onUnauthenticated.dispatchEvent(new Event('401'));
  return new ApiError(res.status, body?.code ?? `HTTP_${res.status}`, body?.message ?? `请求失败（HTTP ${res.status}）`, body?.violations ?? [], body?.currentState);
}

export async function api<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const h: Record<string, string> = { ...headers };
  if (method !== 'GET' && csrfToken) h['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData || typeof body === 'string' || body instanceof Blob) payload = body;
  else if (body !== undefined) { h['content-type'] = 'application/json'; payload = JSON.stringify(body); }
  else if (method !== 'GET') { h['content-type'] = 'application/json'; payload = '{}'; }
  const res = await fetch(url, { method, headers: h, body: payload, credentials: 'same-origin' });
  if (!res.ok) throw await toError(res);
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) return res.json();
  return (await res.blob()) as T;
}

export const get = <T = any>(url: string) => api<T>('GET', url);
export const post = <T = any>(url: string, body?: unknown) => api<T>('POST', url, body ?? {});
export const put = <T = any>(url: string, body?: unknown) => api<T>('PUT', url, body ?? {});
export const del = <T = any>(url: string) => api<T>('DELETE', url);

/** Builds a query string from the set values only. */
export function qs(params: Record<string, unknown>) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** A multipart upload with progress (fetch has none): the 收件材料 upload. */
export function uploadWithProgress<T = any>(url: string, file: File, onProgress: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100)); };
    xhr.onload = () => {
      let body: any = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* empty */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body?.code ?? `HTTP_${xhr.status}`, body?.message ?? '上传失败', body?.violations ?? []));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '网络错误，上传失败'));
    const fd = new FormData();
    fd.append('file', file, file.name);
    xhr.send(fd);
  });
}

/** "buyers.0.idNumber" → ['buyers', 0, 'idNumber'] (an antd form field name). */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** The server prefixes a missing field's message with its name ("第一条 买受人 1 姓名：必填"): the field shows the rule only. */
export function fieldMessage(v: Violation) {
  return violationRule(v);
}
