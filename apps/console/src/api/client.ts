import { violationRule } from '@netsign/api';
import { ApiError, createApiClient, qs, type Violation } from '@netsign/api/client';
import type { z } from 'zod';

/** The API as the console uses it: the shared client of '@netsign/api/client' (cookie session, CSRF header on every write). */
export { ApiError, qs, type Violation };

/** Called when the session is gone (401): the app shows the login page. */
export const onUnauthenticated = new EventTarget();

const client = createApiClient({
  onUnauthenticated: () => onUnauthenticated.dispatchEvent(new Event('401')),
  messages: { uploadNetwork: '网络错误，上传失败', uploadFailed: () => '上传失败' },
});

export const setCsrfToken = (t: string) => client.setCsrfToken(t);

/**
 * The calls below answer `unknown` unless given the answer's schema from @netsign/api (the one the
 * server's route declares): the answer is then parsed by it and typed, never named by hand.
 */
export function api(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<unknown>;
export function api<S extends z.ZodType>(
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string>,
  schema: S,
): Promise<z.output<S>>;
export function api(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  schema?: z.ZodType,
) {
  return client.request(method, url, { body, headers, schema });
}

export function get(url: string): Promise<unknown>;
export function get<S extends z.ZodType>(url: string, schema: S): Promise<z.output<S>>;
export function get(url: string, schema?: z.ZodType) {
  return client.get(url, schema);
}

export function post(url: string, body?: unknown): Promise<unknown>;
export function post<S extends z.ZodType>(url: string, body: unknown, schema: S): Promise<z.output<S>>;
export function post(url: string, body?: unknown, schema?: z.ZodType) {
  return client.post(url, body, { schema });
}

export function put(url: string, body?: unknown): Promise<unknown>;
export function put<S extends z.ZodType>(url: string, body: unknown, schema: S): Promise<z.output<S>>;
export function put(url: string, body?: unknown, schema?: z.ZodType) {
  return client.put(url, body, { schema });
}

export function patch(url: string, body?: unknown): Promise<unknown>;
export function patch<S extends z.ZodType>(url: string, body: unknown, schema: S): Promise<z.output<S>>;
export function patch(url: string, body?: unknown, schema?: z.ZodType) {
  return client.patch(url, body, { schema });
}

export function del(url: string): Promise<unknown>;
export function del<S extends z.ZodType>(url: string, schema: S): Promise<z.output<S>>;
export function del(url: string, schema?: z.ZodType) {
  return client.del(url, { schema });
}

/** A multipart upload with progress (fetch has none): the 收件材料 upload. */
export function uploadWithProgress(url: string, file: File, onProgress: (percent: number) => void): Promise<unknown>;
export function uploadWithProgress<S extends z.ZodType>(
  url: string,
  file: File,
  onProgress: (percent: number) => void,
  schema: S,
): Promise<z.output<S>>;
export function uploadWithProgress(url: string, file: File, onProgress: (percent: number) => void, schema?: z.ZodType) {
  const form = new FormData();
  form.append('file', file, file.name);
  return client.upload(url, form, { onProgress, schema });
}

/** "buyers.0.idNumber" → ['buyers', 0, 'idNumber'] (an antd form field name). */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** The server prefixes a missing field's message with its name ("第一条 买受人 1 姓名：必填"): the field shows the rule only. */
export function fieldMessage(v: Violation) {
  return violationRule(v);
}
