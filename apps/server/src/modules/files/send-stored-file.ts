import type { FastifyReply } from 'fastify';
import type { Actor, AppContext } from '../../platform/app-context';
import { actorId, actorOrg } from '../../platform/app-context';
import { openStoredFile } from './store-upload';
import { appendAudit } from '../audit/append-audit';

/** Streams a file the caller has been allowed to read, and records that it was read. */
export async function sendStoredFile(ctx: AppContext, reply: FastifyReply, actor: Actor, sha256: string, name: string, about: { entity: string; entityId: string }) {
  const { meta, body } = await openStoredFile(ctx, sha256);
  await ctx.db.transaction((tx) => appendAudit(tx, { actor: actorId(actor), orgId: actorOrg(actor), action: 'file.read', entity: about.entity, entityId: about.entityId, data: { sha256 } }, ctx.clock.now()));
  return reply
    .type(meta.mime)
    .header('content-length', meta.size)
    .header('cache-control', 'private, no-store')
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(body);
}
