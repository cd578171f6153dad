import { randomInt, randomUUID } from 'node:crypto';
import { and, desc, eq, gt } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import { otpCodes } from './tables';
import { sha256Hex } from '../../platform/crypto';
import { localOutboxGateway } from '../notifications/sms-gateway';

export const OTP_TTL_MS = 5 * 60_000;
const RESEND_MS = 60_000;

/** Sends a buyer a six-digit sign-in code by SMS; one per minute per phone. */
export async function requestOtp(ctx: AppContext, phone: string) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [last] = await tx.select().from(otpCodes)
      .where(and(eq(otpCodes.phone, phone), gt(otpCodes.createdAt, new Date(now.getTime() - RESEND_MS))))
      .orderBy(desc(otpCodes.createdAt)).limit(1);
    if (last) throw new DomainError('OTP_TOO_SOON', '验证码已发送，请 60 秒后再试', 429);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await tx.insert(otpCodes).values({ id: randomUUID(), phone, codeHash: sha256Hex(`${phone}:${code}`), expiresAt: new Date(now.getTime() + OTP_TTL_MS), createdAt: now });
    await localOutboxGateway.send(tx, { channel: 'sms', to: phone, body: `【电子公证网签】您的验证码为 ${code}，5 分钟内有效。请勿告诉他人。`, meta: { purpose: 'otp' } });
    return { sent: true, expiresInSeconds: OTP_TTL_MS / 1000 };
  });
}
