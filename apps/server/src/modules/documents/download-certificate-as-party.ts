// The QR page's download (issue 12 item 5): whoever holds the number and the verification code
// sees the facts; only a party — a buyer of the contract signed in on the phone, or the seller's
// or the notary office's staff — may take the archived PDF itself.
import { eq } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import type { Actor, AppContext } from '../../platform/app-context';
import { notaryCases } from '../notary/tables';
import { safeEqual } from '../../platform/crypto';
import { loadedCase } from '../notary/stored-evidence';

/** The case whose 公证书 the holder may download; 401 when nobody is signed in, 403 for a non-party, 404 for a wrong code. */
export async function certificateForParty(ctx: AppContext, actor: Actor | null, number: string, code: string) {
  const [c] = await ctx.db.select().from(notaryCases).where(eq(notaryCases.certificateNumber, number));
  if (!c || !c.verificationCode || !c.certificateFile || !safeEqual(c.verificationCode, code.toUpperCase())) {
    throw new DomainError('NOT_FOUND', '公证书编号或核验码不正确，请核对二维码或纸质公证书上的信息', 404);
  }
  if (!actor)
    throw new DomainError(
      'UNAUTHENTICATED',
      '下载存档的公证书须先登录：买受人在手机端用本人手机号登录，出卖人和公证处在管理端登录',
      401,
    );
  const snap = loadedCase(c).snapshot;
  const party =
    actor.kind === 'buyer'
      ? snap.terms.buyers.some((b) => b.phone === actor.phone)
      : actor.kind === 'staff' && (actor.orgId === c.sellerOrgId || actor.orgId === c.officeId);
  if (!party)
    throw new DomainError('NOT_A_PARTY', '只有本公证书的当事人（买受人、出卖人）和出具公证处可以下载存档的 PDF', 403);
  return c;
}
