import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { txSqlClient, type Database, type Executor } from './db';

export type EventHandler<T = any> = (payload: T) => Promise<void>;

/**
 * Events and commands between contexts. `emit` writes the job in the caller's transaction (the
 * outbox), so a state change and its message commit or roll back together; pg-boss delivers it
 * with retries. Handlers must be idempotent: a retried job skips what is already done.
 */
export interface EventBus {
  emit(tx: Executor, topic: string, payload: unknown): Promise<void>;
  on<T>(topic: string, handler: EventHandler<T>): Promise<void>;
  /** Waits until no job is waiting or running (tests, the demo). */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startEventBus(database: Database, log: Logger): Promise<EventBus> {
  const boss = new PgBoss({ db: database.sql, schema: 'pgboss', supervise: true, migrate: true } as any);
  boss.on('error', (e) => log.error({ err: e }, 'queue error'));
  await boss.start();
  const queues = new Set<string>();
  const workers = new Map<string, string>();
  let inFlight = 0;

  async function ensureQueue(topic: string) {
    if (queues.has(topic)) return;
    await boss.createQueue(topic, { name: topic, retryLimit: 5, retryDelay: 1, retryBackoff: true } as any);
    queues.add(topic);
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
          for (const job of jobs) await handler(job.data);
        } catch (e) {
          log.warn({ err: e, topic }, 'event handler failed; pg-boss retries it');
          throw e;
        } finally {
          inFlight--;
        }
      });
      workers.set(topic, id);
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
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 20_000 } as any);
      // a handler still running must finish before the database closes under it
      const until = Date.now() + 20_000;
      while (inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    },
  };
}
