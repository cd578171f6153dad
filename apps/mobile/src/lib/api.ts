// The buyer's API calls through the shared client of '@netsign/api/client': the session is an
// httpOnly cookie; every non-GET sends the CSRF token that the login (or GET /api/auth/me)
// answered with. Failures are `ApiError` (status, code, message, violations).
import { ApiError, createApiClient } from '@netsign/api/client';
import type { z } from 'zod';

export { ApiError };

/** fired when the server says the session is gone: the app sends the buyer to sign in again */
export const SIGNED_OUT = 'netsign:signed-out';

const client = createApiClient({
  onUnauthenticated: () => window.dispatchEvent(new Event(SIGNED_OUT)),
  messages: {
    network: '网络连接失败，请检查网络后重试',
    failed: (status) => `服务暂时不可用（${status}），请稍后重试`,
    uploadNetwork: '上传失败：网络连接中断，请检查网络后点「重试」',
    uploadFailed: (status) => `上传失败（${status}），请点「重试」`,
  },
});

export const setCsrfToken = (t: string) => client.setCsrfToken(t);

type Schema = z.ZodType | undefined;

/** Every call takes the answer's schema (from @netsign/api) last: the answer is parsed and typed by it. */
export const api = <S extends Schema = undefined>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  schema?: S,
) => client.request<unknown, S>(method, url, { body, headers, schema });

export const get = <S extends Schema = undefined>(url: string, schema?: S) => client.get<unknown, S>(url, schema);
export const post = <S extends Schema = undefined>(
  url: string,
  body: unknown = {},
  headers?: Record<string, string>,
  schema?: S,
) => client.post<unknown, S>(url, body, { headers, schema });

/**
 * A multipart upload with progress (fetch has no upload progress): the page shows the percentage
 * and offers 重试 when it fails.
 */
export const upload = <S extends Schema = undefined>(
  url: string,
  form: FormData,
  headers: Record<string, string>,
  onProgress: (pct: number) => void,
  schema?: S,
) => client.upload<unknown, S>(url, form, { headers, onProgress, schema });

/** The message a person should read for any error thrown by these calls. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return '操作失败，请稍后重试';
}
