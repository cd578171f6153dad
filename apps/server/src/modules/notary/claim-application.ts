import { and, eq } from 'drizzle-orm';
import { unitLabel } from '@netsign/api';
import { DomainError } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import type { BuyerActor } from '../../http/auth';
import { sha256Hex } from '../../platform/crypto';
import { notaryCases, buyerApplications } from './tables';
import { updateApplication } from './case-access';
import { loadedApplication, loadedCase } from './stored-evidence';

/** The case a QR token opens, as the 在线公证 page lists it: buyers with names masked. */
export async function openCaseByToken(ctx: AppContext, token: string) {
  const [row] = await ctx.db
    .select()
    .from(notaryCases)
    .where(eq(notaryCases.qrTokenHash, sha256Hex(token)));
  const c = row && loadedCase(row);
  if (!c) throw new DomainError('QR_INVALID', '二维码无效，请向开发企业索取新的二维码', 404);
  if (c.qrExpiresAt < ctx.clock.now())
    throw new DomainError('QR_EXPIRED', '二维码已过期，请联系开发企业重新推送或刷新二维码', 410);
  const apps = (await ctx.db.select().from(buyerApplications).where(eq(buyerApplications.caseId, c.id))).map(
    loadedApplication,
  );
  const snap = c.snapshot;
  return {
    caseId: c.id,
    businessNo: c.businessNo,
    status: c.status,
    unit: unitLabel(snap.parties.unit),
    seller: snap.parties.seller.name,
    buyers: apps
      .sort((a, b) => a.buyerIndex - b.buyerIndex)
      .map((a) => ({
        buyerIndex: a.buyerIndex,
        name: maskName(a.buyerName),
        phone: `${a.buyerPhone.slice(0, 3)}****${a.buyerPhone.slice(-4)}`,
        verified: !['待核验'].includes(a.status),
        status: a.status,
      })),
  };
}

export function maskName(name: string) {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** 选中购买人信息: a signed-in buyer takes their own entry; the phone must be the contract's. */
export async function claimApplication(ctx: AppContext, actor: BuyerActor, token: string, buyerIndex: number) {
  const view = await openCaseByToken(ctx, token);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(buyerApplications)
      .where(and(eq(buyerApplications.caseId, view.caseId), eq(buyerApplications.buyerIndex, buyerIndex)))
      .for('update');
    const app = row && loadedApplication(row);
    if (!app) throw new DomainError('BUYER_NOT_FOUND', '该买受人不存在', 404);
    if (app.buyerPhone !== actor.phone) {
      throw new DomainError(
        'NOT_THIS_BUYER',
        '您登录的手机号与合同中该买受人的手机号不一致，请选择您本人或用本人手机号登录',
        403,
      );
    }
    if (app.claimedBy) return app;
    return updateApplication(ctx, tx, actor, app, {
      steps: { claimedAt: ctx.clock.now().toISOString() },
      patch: { claimedBy: actor.phone },
      action: 'application.claimed',
    });
  });
}
