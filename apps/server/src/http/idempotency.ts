import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../platform/app-context';
import { idempotencyKeys } from '../platform/tables';
import { sha256Hex } from '../platform/crypto';
import { actorId } from '../platform/app-context';

/**
 * A POST with an `Idempotency-Key` header runs once: a repeat with the same key (from the same
 * actor, to the same route) gets the first answer back. Concurrent repeats in this process wait
 * for the first; only successful answers are kept, so a failed call can be retried.
 */
export function installIdempotency(app: FastifyInstance, ctx: AppContext) {
  const running = new Map<string, Promise<void>>();
  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string' || !key) return;
    const scope = `${req.actor ? actorId(req.actor) : 'anonymous'} ${req.routeOptions.url}`;
    const id = sha256Hex(`${scope}\n${key}`);
    while (running.has(id)) await running.get(id);
    const [hit] = await ctx.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, id));
    if (hit) {
      reply.header('idempotent-replayed', 'true');
      return reply.status(hit.status).send(hit.body);
    }
    let done!: () => void;
    running.set(id, new Promise<void>((r) => (done = r)));
    (req as any).idempotency = { id, scope, done };
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const idem = (req as any).idempotency;
    if (!idem) return payload;
    try {
      if (reply.statusCode < 300 && typeof payload === 'string') {
        await ctx.db.insert(idempotencyKeys).values({ key: idem.id, scope: idem.scope, status: reply.statusCode, body: JSON.parse(payload) }).onConflictDoNothing();
      }
    } finally {
      running.delete(idem.id);
      idem.done();
    }
    return payload;
  });
}
