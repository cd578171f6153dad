import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZCreateProjectRequest } from '@netsign/api';
import type { Actor, AppContext, Executor } from '../../platform/app-context';
import { actorId } from '../../platform/app-context';
import { projects } from './tables';
import { organisations } from '../accounts/tables';
import { appendAudit } from '../audit/append-audit';
import { notFound } from '../../http/errors';

export async function createProject(
  ctx: AppContext,
  actor: Actor,
  input: z.infer<typeof ZCreateProjectRequest>,
  tx?: Executor,
) {
  const id = randomUUID();
  const run = async (t: Executor) => {
    const [seller] = await t
      .select()
      .from(organisations)
      .where(and(eq(organisations.id, input.sellerOrgId), eq(organisations.kind, 'seller')));
    if (!seller) throw notFound('房地产开发企业');
    await t.insert(projects).values({ id, ...input });
    await appendAudit(
      t,
      { actor: actorId(actor), action: 'project.created', entity: 'project', entityId: id, data: { name: input.name } },
      ctx.clock.now(),
    );
  };
  await (tx ? run(tx) : ctx.db.transaction(run));
  return { id };
}
