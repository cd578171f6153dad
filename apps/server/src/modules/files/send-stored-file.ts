import type { FastifyReply } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Actor, AppContext } from '../../platform/app-context';
import { actorId, actorOrg } from '../../platform/app-context';
import { openStoredFile } from './store-upload';
import { appendAudit } from '../audit/append-audit';
import { issuedDocuments } from '../documents/tables';
import { currentVersion } from '../documents/current-version';

/** Streams a file the caller has been allowed to read, and records that it was read. */
export async function sendStoredFile(
  ctx: AppContext,
  reply: FastifyReply,
  actor: Actor,
  asked: string,
  name: string,
  about: { entity: string; entityId: string },
) {
  // an issued document whose archive time-stamp was renewed: the newest file (both are on record)
  const sha256 = await currentVersion(ctx, asked);
  const { meta, body } = await openStoredFile(ctx, sha256);
  // only PDFs the server rendered and signed itself open in the browser; anything uploaded downloads
  const inline =
    meta.mime === 'application/pdf' &&
    (
      await ctx.db
        .select({ sha256: issuedDocuments.sha256 })
        .from(issuedDocuments)
        .where(eq(issuedDocuments.sha256, sha256))
    ).length > 0;
  if (!inline) reply.header('content-security-policy', "default-src 'none'; sandbox");
  await ctx.db.transaction((tx) =>
    appendAudit(
      tx,
      {
        actor: actorId(actor),
        orgId: actorOrg(actor),
        action: 'file.read',
        entity: about.entity,
        entityId: about.entityId,
        data: { sha256, ...(sha256 !== asked ? { renewedFrom: asked } : {}) },
      },
      ctx.clock.now(),
    ),
  );
  return reply
    .type(meta.mime)
    .header('content-length', meta.size)
    .header('cache-control', 'private, no-store')
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('x-content-type-options', 'nosniff')
    .send(body);
}
