import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, eq, lt, sql } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import type { Actor, AppContext } from '../platform/app-context';
import { idempotencyKeys } from '../platform/tables';
import { sha256Hex } from '../platform/crypto';
import { actorId } from '../platform/app-context';
import { dataKeysOf, openPersonal, sealPersonal } from '../platform/personal-data';

/** A claim lives this long unless the instance running it renews it (a crashed one does not). */
const LEASE_SECONDS = 30;
const RENEW_MS = 10_000;
const MAX_RUN_MS = 15 * 60_000;
/** How long a repeat waits for the first call with its key before answering 409. */
const WAIT_MS = 10_000;
const POLL_MS = 100;
const MAX_KEY_LENGTH = 200;

interface Claim {
  id: string;
  stopRenewing(): void;
}

/**
 * A POST with an `Idempotency-Key` header runs once. The key is claimed in the database before the
 * handler runs (a 'running' row with a lease), so every instance behind the load balancer sees it:
 * a repeat with the same key, from the same signed-in actor to the same route, waits for the first
 * call and gets its answer back; while the first is still running after WAIT_MS it gets 409.
 * The same key with a different request (URL or body) is 422. Only successful answers are kept;
 * a failed call releases the key so it can be retried. Anonymous calls are never replayed: they
 * have no scope of their own, and one caller must not receive another's answer.
 */
export function installIdempotency(app: FastifyInstance, ctx: AppContext) {
  const claims = new WeakMap<FastifyRequest, Claim>();

  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    const route = req.routeOptions.url;
    if (req.method !== 'POST' || typeof key !== 'string' || !key || !route || !req.actor) return;
    if (key.length > MAX_KEY_LENGTH)
      throw new DomainError('IDEMPOTENCY_KEY_INVALID', `Idempotency-Key 不能超过 ${MAX_KEY_LENGTH} 个字符`, 400);
    const scope = `${actorId(req.actor)} POST ${route}`;
    const id = idempotencyRowKey(req.actor, route, key);
    const requestHash = requestFingerprint(req.url, req.body);
    const giveUpAt = Date.now() + WAIT_MS;
    for (;;) {
      if (await claim(id, scope, requestHash)) {
        // renewed while the handler runs, but not forever: a request that never answers (its
        // hooks never ran) lets its key go once MAX_RUN_MS has passed and the lease runs out
        const renewUntil = Date.now() + MAX_RUN_MS;
        const renew = setInterval(() => {
          if (Date.now() > renewUntil) return clearInterval(renew);
          ctx.db
            .update(idempotencyKeys)
            .set({ leaseUntil: leaseFromNow() })
            .where(and(eq(idempotencyKeys.key, id), eq(idempotencyKeys.state, 'running')))
            .catch((err) => req.log.warn({ err }, 'idempotency lease renewal failed'));
        }, RENEW_MS).unref();
        claims.set(req, { id, stopRenewing: () => clearInterval(renew) });
        return;
      }
      const [row] = await ctx.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, id));
      if (!row) continue; // released between the two queries: try to claim it again
      if (row.requestHash !== requestHash) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          '此 Idempotency-Key 已用于另一个不同的请求；新的请求请使用新的 Idempotency-Key',
          422,
        );
      }
      if (row.state === 'done') {
        reply.header('idempotent-replayed', 'true');
        return reply.status(row.status!).send(openPersonal(row.body));
      }
      if (Date.now() >= giveUpAt) {
        throw new DomainError('IDEMPOTENCY_IN_PROGRESS', '相同 Idempotency-Key 的请求仍在处理中，请稍后重试', 409);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const c = claims.get(req);
    if (!c) return payload;
    claims.delete(req);
    c.stopRenewing();
    if (reply.statusCode < 300 && typeof payload === 'string') {
      await ctx.db
        .update(idempotencyKeys)
        .set({
          state: 'done',
          status: reply.statusCode,
          body: sealPersonal(dataKeysOf(ctx), JSON.parse(payload)),
          leaseUntil: null,
        })
        .where(eq(idempotencyKeys.key, c.id));
    } else {
      await release(c.id);
    }
    return payload;
  });

  // a request that ends without an answer (the client went away, a hijacked reply) frees its key
  app.addHook('onResponse', async (req) => {
    const c = claims.get(req);
    if (!c) return;
    claims.delete(req);
    c.stopRenewing();
    await release(c.id);
  });

  /** Inserts the 'running' row, or takes over one whose lease ran out; true when this call owns the key. */
  async function claim(id: string, scope: string, requestHash: string) {
    const rows = await ctx.db
      .insert(idempotencyKeys)
      .values({ key: id, scope, requestHash, state: 'running', leaseUntil: leaseFromNow() })
      .onConflictDoUpdate({
        target: idempotencyKeys.key,
        set: { scope, requestHash, leaseUntil: leaseFromNow(), createdAt: sql`now()` },
        setWhere: and(eq(idempotencyKeys.state, 'running'), lt(idempotencyKeys.leaseUntil, sql`now()`)),
      })
      .returning({ key: idempotencyKeys.key });
    return rows.length === 1;
  }

  async function release(id: string) {
    await ctx.db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.key, id), eq(idempotencyKeys.state, 'running')));
  }
}

function leaseFromNow() {
  return sql`now() + make_interval(secs => ${LEASE_SECONDS})`;
}

/** The row's primary key: a hash of who (in full: staff user id or buyer phone), where, and the key. */
export function idempotencyRowKey(a: Actor, route: string, key: string) {
  const who = a.kind === 'staff' ? `staff:${a.userId}` : a.kind === 'buyer' ? `buyer:${a.phone}` : 'system';
  return sha256Hex(`${who}\nPOST ${route}\n${key}`);
}

/** What makes two requests the same: the URL (with its ids and query) and the body. */
export function requestFingerprint(url: string, body: unknown) {
  // uploads are read by the handler, after the claim: their fingerprint is the URL alone
  return sha256Hex(`${url}\n${body === undefined ? '' : stableJson(body)}`);
}

/** JSON with object keys sorted, so the same body written in another key order is the same request. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as any)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
