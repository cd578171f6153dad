import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { ROLE_OF_ORG_KIND, type TCreateUserRequest } from '@netsign/api';
import type { Actor, AppContext, Executor } from '../../platform/app-context';
import { actorId } from '../../platform/app-context';
import { organisations, users } from './tables';
import { hashPassword } from './passwords';
import { appendAudit } from '../audit/append-audit';
import { notFound } from '../../http/errors';

/** A staff account; its role follows from its organisation's kind. */
export async function createUser(ctx: AppContext, actor: Actor, input: TCreateUserRequest, tx?: Executor) {
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  const run = async (t: Executor) => {
    const [org] = await t.select().from(organisations).where(eq(organisations.id, input.orgId));
    if (!org) throw notFound('机构');
    const role = ROLE_OF_ORG_KIND[org.kind as keyof typeof ROLE_OF_ORG_KIND];
    await t
      .insert(users)
      .values({ id, orgId: org.id, username: input.username, displayName: input.displayName, role, passwordHash });
    await appendAudit(
      t,
      {
        actor: actorId(actor),
        orgId: org.id,
        action: 'user.created',
        entity: 'user',
        entityId: id,
        data: { username: input.username, role },
      },
      ctx.clock.now(),
    );
  };
  if (tx) await run(tx);
  else await ctx.db.transaction(run);
  return { id };
}
