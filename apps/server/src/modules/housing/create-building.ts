import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZCreateBuildingRequest } from '@netsign/api';
import type { Actor, AppContext, Executor } from '../../platform/app-context';
import { actorId } from '../../platform/app-context';
import { buildings, presaleLicences, projects } from './tables';
import { appendAudit } from '../audit/append-audit';
import { notFound } from '../../http/errors';

export async function createBuilding(
  ctx: AppContext,
  actor: Actor,
  projectId: string,
  input: z.infer<typeof ZCreateBuildingRequest>,
  tx?: Executor,
) {
  const id = randomUUID();
  const run = async (t: Executor) => {
    const [p] = await t.select().from(projects).where(eq(projects.id, projectId));
    if (!p) throw notFound('项目');
    const [l] = await t
      .select()
      .from(presaleLicences)
      .where(and(eq(presaleLicences.id, input.presaleLicenceId), eq(presaleLicences.projectId, projectId)));
    if (!l) throw notFound('该项目的预售许可证');
    await t.insert(buildings).values({ id, projectId, ...input });
    await appendAudit(
      t,
      {
        actor: actorId(actor),
        action: 'building.created',
        entity: 'project',
        entityId: projectId,
        data: { name: input.name },
      },
      ctx.clock.now(),
    );
  };
  await (tx ? run(tx) : ctx.db.transaction(run));
  return { id };
}
