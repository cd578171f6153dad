import { DomainError } from '@netsign/domain';
import type { AppContext, Executor } from '../../platform/app-context';
import type { BuyerActor } from '../../http/auth';
import { newToken, sha256Hex } from '../../platform/crypto';
import { loadOwnApplication, requireStatus, updateApplication, type ApplicationRow } from './case-access';
import { stepsOf } from './redo-rules';

export const CAPTURE_TTL_MS = 5 * 60_000;

/**
 * Photos come from the camera in the page at that moment, never from the album: the page asks
 * for a one-time capture token right before it opens the camera, and each upload spends one.
 * A token older than five minutes is refused.
 */
export async function issueCaptureToken(ctx: AppContext, actor: BuyerActor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const app = await loadOwnApplication(tx, actor, id);
    // the camera opens only while something may still be photographed: the document page before
    // the first check, the photos after 同意继续, or what a 补正 names
    requireStatus(app, '待核验', '已阅读', '待补正');
    const token = newToken(24);
    const now = ctx.clock.now();
    const captures = { ...(stepsOf(app).captures ?? {}) };
    // keep only live tokens so the record stays small
    for (const [k, v] of Object.entries(captures))
      if (new Date(v.issuedAt).getTime() + CAPTURE_TTL_MS < now.getTime()) delete captures[k];
    captures[sha256Hex(token)] = { issuedAt: now.toISOString() };
    await updateApplication(ctx, tx, actor, app, { steps: { captures }, action: 'application.capture-token' });
    return { token, expiresAt: new Date(now.getTime() + CAPTURE_TTL_MS).toISOString() };
  });
}

/** Checks a capture token without spending it, so a refused upload is refused before its bytes are read. */
export function checkCaptureToken(ctx: AppContext, app: ApplicationRow, token: string | undefined): string {
  const refuse = (code: string, message: string) =>
    new DomainError(code, message, 403, [{ field: 'captureToken', code, message }]);
  if (!token) throw refuse('CAPTURE_REQUIRED', '照片须在页面中用相机现场拍摄，不能从相册选择');
  const entry = (stepsOf(app).captures ?? {})[sha256Hex(token)];
  if (!entry) throw refuse('CAPTURE_INVALID', '拍摄凭证无效或已使用，请重新拍摄');
  if (new Date(entry.issuedAt).getTime() + CAPTURE_TTL_MS < ctx.clock.now().getTime())
    throw refuse('CAPTURE_EXPIRED', '拍摄已超过 5 分钟，请重新拍摄');
  return entry.issuedAt;
}

/** Spends a capture token inside the caller's transaction; returns when it was issued. */
export async function spendCaptureToken(
  ctx: AppContext,
  tx: Executor,
  actor: BuyerActor,
  app: ApplicationRow,
  token: string | undefined,
): Promise<{ app: ApplicationRow; issuedAt: string }> {
  const issuedAt = checkCaptureToken(ctx, app, token);
  const captures = { ...(stepsOf(app).captures ?? {}) };
  delete captures[sha256Hex(token!)];
  const next = await updateApplication(ctx, tx, actor, app, {
    steps: { captures },
    action: 'application.capture-used',
  });
  return { app: next, issuedAt };
}
