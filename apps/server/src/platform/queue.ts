import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { txSqlClient, withMigrationLock, type Database, type Executor } from './db';

export type EventHandler<T = any> = (payload: T) => Promise<void>;

/**
 * Events and commands between contexts. `emit` writes the job in the caller's transaction (the
 * outbox), so a state change and its message commit or roll back together; pg-boss delivers it
 * with retries. Handlers must be idempotent: a retried job skips what is already done.
 */
export interface EventBus {
  emit(tx: Executor, topic: string, payload: unknown): Promise<void>;
  on<T>(topic: string, handler: EventHandler<T>): Promise<void>;
  /** Sends `topic` on a cron schedule (UTC); pg-boss keeps one schedule for all instances and sends each tick once. */
  schedule(topic: string, cron: string): Promise<void>;
  /** Waits until no job is waiting or running (tests, the demo). */
  drain(timeoutMs?: number): Promise<void>;
  /** Stops fetching jobs, lets running handlers finish for up to `timeoutMs`, then fails the rest (they are retried). */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
}

/**
 * A job whose worker died (kill -9, a lost machine) is handed to another worker once its lease
 * runs out. pg-boss 10 has no heartbeat, and it also fails a job in-process when the handler runs
 * past the job's expiry, so the two are split: the queue's expiry is HANDLER_TIMEOUT_SECONDS (the
 * longest a handler may run), and a running handler sets its job's deadline in the database to
 * LEASE_SECONDS from now, at once and on every HEARTBEAT_SECONDS. pg-boss's expiry check runs
 * every MAINTENANCE_SECONDS (one instance at a time). From a kill to another worker starting the
 * job: at most 15 + 2 × 3 + 2 (retry delay) + 0.5 (poll) ≈ 24 s.
 */
export const HANDLER_TIMEOUT_SECONDS = 15 * 60;
export const LEASE_SECONDS = 15;
export const HEARTBEAT_SECONDS = 5;
export const MAINTENANCE_SECONDS = 3;

export async function startEventBus(database: Database, log: Logger): Promise<EventBus> {
  const boss = new PgBoss({
    db: database.sql,
    schema: 'pgboss',
    supervise: true,
    migrate: true,
    maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
  } as any);
  boss.on('error', (e) => log.error({ err: e }, 'queue error'));
  // pg-boss creates its schema on first start and races another instance doing the same
  await withMigrationLock(database, () => boss.start());
  const queues = new Set<string>();
  const workers = new Map<string, string>();
  let inFlight = 0;
  let stopped = false;
  /**
   * A handler that outlives stop() must not hand its result back: pg-boss would write it through
   * a database this instance has closed (an unhandled rejection). Its job stays active, its lease
   * runs out, and another instance runs it again — the same path as a crash.
   */
  function afterStop(topic: string): Promise<never> {
    log.warn({ topic }, 'event handler finished after the queue stopped; its job is retried elsewhere');
    return new Promise<never>(() => {});
  }

  async function ensureQueue(topic: string) {
    if (queues.has(topic)) return;
    const policy = { retryLimit: 5, retryDelay: 1, retryBackoff: true, expireInSeconds: HANDLER_TIMEOUT_SECONDS };
    if (!(await boss.getQueue(topic))) {
      // two instances creating queues at once deadlock inside pg-boss (queue row + partition table)
      await withMigrationLock(database, () => boss.createQueue(topic, { name: topic, ...policy } as any));
    }
    // a queue made by an older version keeps its old policy (15-minute expiry) unless updated
    await boss.updateQueue(topic, policy as any);
    queues.add(topic);
  }

  /** Sets a running job's deadline LEASE_SECONDS from now, now and on every heartbeat; returns the stop. */
  async function heartbeat(topic: string, jobId: string) {
    const beat = () =>
      database.sql
        .executeSql(
          `update pgboss.job set expire_in = (now() - started_on) + make_interval(secs => $3) where name = $1 and id = $2 and state = 'active'`,
          [topic, jobId, LEASE_SECONDS],
        )
        .catch((err) => log.warn({ err, topic }, 'job heartbeat failed'));
    await beat();
    const timer = setInterval(beat, HEARTBEAT_SECONDS * 1000);
    return () => clearInterval(timer);
  }

  return {
    async emit(tx, topic, payload) {
      await ensureQueue(topic);
      await boss.send(topic, payload as object, { db: txSqlClient(tx) } as any);
      // wake the worker at once instead of at its next poll; the job is visible after commit
      const id = workers.get(topic);
      if (id) setTimeout(() => boss.notifyWorker(id), 5);
    },
    async on(topic, handler) {
      await ensureQueue(topic);
      const id = await boss.work(topic, { pollingIntervalSeconds: 0.5, batchSize: 1 }, async (jobs: any[]) => {
        inFlight++;
        try {
          for (const job of jobs) {
            const beating = await heartbeat(topic, job.id);
            try {
              await handler(job.data);
            } finally {
              beating();
            }
          }
        } catch (e) {
          if (stopped) return afterStop(topic);
          log.warn({ err: e, topic }, 'event handler failed; pg-boss retries it');
          throw e;
        } finally {
          inFlight--;
        }
        if (stopped) return afterStop(topic);
      });
      workers.set(topic, id);
    },
    async schedule(topic, cron) {
      await ensureQueue(topic);
      await boss.schedule(topic, cron, {}, { tz: 'UTC' } as any);
    },
    async drain(timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await database.sql.executeSql(
          `select count(*)::int as n from pgboss.job where state in ('created','retry','active') and start_after <= now()`,
          [],
        );
        if (rows[0].n === 0 && inFlight === 0) return;
        if (Date.now() > until) throw new Error(`queue did not drain: ${rows[0].n} jobs left`);
        for (const id of workers.values()) boss.notifyWorker(id);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop({ timeoutMs = 20_000 } = {}) {
      const until = Date.now() + timeoutMs;
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs } as any);
      stopped = true;
      // a handler still running must finish before the database closes under it; one that does
      // not finish in time was failed by pg-boss above and is retried by another instance
      while (inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    },
  };
}
