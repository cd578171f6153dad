import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import { otpCodes } from './tables';
import { safeEqual, sha256Hex } from '../../platform/crypto';
import { startSession } from './start-session';
import { appendAudit } from '../audit/append-audit';
import { actorId } from '../../platform/app-context';
import { hit, refund, tooMany } from '../../platform/throttle';

const MAX_ATTEMPTS = 5;

/**
 * Signs a buyer in with the code sent to their phone; five wrong tries spend the code (and codes
 * a phone can get are capped a day, see request-otp). Wrong codes are also capped per client address.
 */
export async function verifyOtp(ctx: AppContext, phone: string, code: string, client: string) {
  const now = ctx.clock.now();
  const perIp = ctx.config.LIMITS.otpVerifyIp;
  const fromIp = await hit(ctx.db, `otp-verify:ip:${client}`, perIp, now);
  if (!fromIp.allowed) throw tooMany(fromIp, '验证码错误次数过多');
  return ctx.db
    .transaction(async (tx) => {
      const [otp] = await tx
        .select()
        .from(otpCodes)
        .where(and(eq(otpCodes.phone, phone), isNull(otpCodes.usedAt), gt(otpCodes.expiresAt, now)))
        .orderBy(desc(otpCodes.createdAt))
        .limit(1)
        .for('update');
      if (!otp || otp.attempts >= MAX_ATTEMPTS) throw new DomainError('OTP_EXPIRED', '验证码已失效，请重新获取', 401);
      if (!safeEqual(otp.codeHash, sha256Hex(`${phone}:${code}`))) {
        await tx
          .update(otpCodes)
          .set({ attempts: otp.attempts + 1 })
          .where(eq(otpCodes.id, otp.id));
        return { ok: false as const, left: MAX_ATTEMPTS - otp.attempts - 1 };
      }
      await tx.update(otpCodes).set({ usedAt: now }).where(eq(otpCodes.id, otp.id));
      const session = await startSession(tx, ctx, { kind: 'buyer', phone });
      await appendAudit(
        tx,
        {
          actor: actorId({ kind: 'buyer', phone }),
          action: 'login.buyer',
          entity: 'buyer',
          entityId: sha256Hex(phone).slice(0, 16),
        },
        now,
      );
      return { ok: true as const, session };
    })
    .then(async (r) => {
      // the failed attempt is counted (committed) before the caller hears about it
      if (!r.ok) throw new DomainError('OTP_WRONG', `验证码错误，还可再试 ${r.left} 次`, 401);
      await refund(ctx.db, fromIp.key, perIp);
      return r.session;
    });
}
