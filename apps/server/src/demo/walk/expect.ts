import type { z } from 'zod';
import type { Reply } from '../../testing/http-client';

/**
 * The body of a 2xx reply, or an error that says which step failed and what the server said. With
 * the route's view schema (@netsign/api) the body is parsed and typed by it, as an app reads it.
 */
export function expectOk<T = any>(r: Reply<T>, step: string): T;
export function expectOk<S extends z.ZodType>(r: Reply<unknown>, step: string, view: S): z.output<S>;
export function expectOk(r: Reply<unknown>, step: string, view?: z.ZodType): unknown {
  if (r.status >= 300) {
    const b = r.body as { message?: string; violations?: unknown } | undefined;
    throw new Error(
      `${step} 失败 (HTTP ${r.status}): ${b?.message ?? ''} ${b?.violations ? JSON.stringify(b.violations) : ''}`.trim(),
    );
  }
  if (!view) return r.body;
  const parsed = view.safeParse(r.body);
  if (!parsed.success)
    throw new Error(
      `${step} 的回答不符合其格式: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} (${i.code})`).join(', ')}`,
    );
  return parsed.data;
}

/** Polls until `check` returns a value (events travel through the queue). */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`等待超时：${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
