import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZCreatePresaleLicenceRequest } from '@netsign/api';
import type { Actor, AppContext, Executor } from '../../platform/app-context';
import { actorId } from '../../platform/app-context';
import { presaleLicences, projects } from './tables';
import { appendAudit } from '../audit/append-audit';
import { notFound } from '../../http/errors';

export async function createPresaleLicence(
  ctx: AppContext,
  actor: Actor,
  projectId: string,
  input: z.infer<typeof ZCreatePresaleLicenceRequest>,
  tx?: Executor,
) {
  const id = randomUUID();
  const run = async (t: Executor) => {
    const [p] = await t.select().from(projects).where(eq(projects.id, projectId));
    if (!p) throw notFound('项目');
    await t.insert(presaleLicences).values({ id, projectId, ...input });
    await appendAudit(
      t,
      {
        actor: actorId(actor),
        action: 'presale-licence.created',
        entity: 'project',
        entityId: projectId,
        data: { number: input.number },
      },
      ctx.clock.now(),
    );
  };
  await (tx ? run(tx) : ctx.db.transaction(run));
  return { id };
}
