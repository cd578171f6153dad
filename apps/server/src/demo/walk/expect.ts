import type { Reply } from '../../testing/http-client';

/** The body of a 2xx reply, or an error that says which step failed and what the server said. */
export function expectOk<T = any>(r: Reply<T>, step: string): T {
  if (r.status >= 300) {
    const b: any = r.body;
    throw new Error(
      `${step} 失败 (HTTP ${r.status}): ${b?.message ?? ''} ${b?.violations ? JSON.stringify(b.violations) : ''}`.trim(),
    );
  }
  return r.body;
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
