import { randomInt, randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/app-context';
import { otpCodes } from './tables';
import { sha256Hex } from '../../platform/crypto';
import { localOutboxGateway } from '../notifications/sms-gateway';
import { isBuyerOnPushedContract } from '../contracts/buyer-phones';
import { hit, tooMany } from '../../platform/throttle';

export const OTP_TTL_MS = 5 * 60_000;

/**
 * Sends a buyer a six-digit sign-in code by SMS. Limits (counted in the database before anything
 * is sent): per phone, resends after 1, 2, 4 … minutes and a daily cap; per client address, a
 * daily cap. A code is only sent to a phone that is a buyer's on a pushed contract; any other
 * phone gets the same answer (and an unusable code row), so the answer does not tell who buys.
 */
export async function requestOtp(ctx: AppContext, phone: string, client: string) {
  const now = ctx.clock.now();
  const limits = ctx.config.LIMITS;
  const fromIp = await hit(ctx.db, `otp:ip:${client}`, limits.otpIp, now);
  if (!fromIp.allowed) throw tooMany(fromIp, '获取验证码次数过多');
  const toPhone = await hit(ctx.db, `otp:phone:${phone}`, limits.otpPhone, now);
  if (!toPhone.allowed) throw tooMany(toPhone, '验证码已发送');
  return ctx.db.transaction(async (tx) => {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await tx.insert(otpCodes).values({
      id: randomUUID(),
      phone,
      codeHash: sha256Hex(`${phone}:${code}`),
      expiresAt: new Date(now.getTime() + OTP_TTL_MS),
      createdAt: now,
    });
    if (await isBuyerOnPushedContract(tx, phone)) {
      await localOutboxGateway.send(tx, {
        channel: 'sms',
        to: phone,
        body: `【电子公证网签】您的验证码为 ${code}，5 分钟内有效。请勿告诉他人。`,
        meta: { purpose: 'otp' },
      });
    }
    return { sent: true as const, expiresInSeconds: OTP_TTL_MS / 1000 };
  });
}
