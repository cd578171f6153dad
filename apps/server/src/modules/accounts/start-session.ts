import type { AppContext, Executor } from '../../platform/app-context';
import { sessions } from './tables';
import { newToken, sha256Hex } from '../../platform/crypto';

const STAFF_HOURS = 12;
const BUYER_HOURS = 24 * 30;

/** A new session: the token goes to the cookie, only its hash to the database. */
export async function startSession(
  tx: Executor,
  ctx: AppContext,
  who: { kind: 'staff'; userId: string; orgId: string; role: string } | { kind: 'buyer'; phone: string },
) {
  const token = newToken();
  const csrfToken = newToken(18);
  const hours = who.kind === 'staff' ? STAFF_HOURS : BUYER_HOURS;
  const expiresAt = new Date(ctx.clock.now().getTime() + hours * 3600_000);
  await tx.insert(sessions).values({
    tokenHash: sha256Hex(token),
    kind: who.kind,
    userId: who.kind === 'staff' ? who.userId : null,
    orgId: who.kind === 'staff' ? who.orgId : null,
    role: who.kind === 'staff' ? who.role : null,
    phone: who.kind === 'buyer' ? who.phone : null,
    csrfToken,
    expiresAt,
  });
  return { token, csrfToken, expiresAt };
}
