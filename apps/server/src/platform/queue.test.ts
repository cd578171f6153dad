import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { openDatabase, type Database } from './db';
import { LEASE_SECONDS, startEventBus, type EventBus } from './queue';
import { createTestDatabase, type TestDatabase } from '../testing/test-server';

const slowWorker = join(dirname(fileURLToPath(import.meta.url)), '../testing/slow-worker.ts');
const quiet = pino({ level: 'silent' });

// A worker process may die in the middle of a job (kill -9, a lost machine). Another process
// picks the job up once it expires; a job whose worker is alive keeps it however long it runs.
// Several processes on one database: PostgreSQL only (NETSIGN_TEST_PG=1).
describe.runIf(process.env.NETSIGN_TEST_PG && process.env.DATABASE_URL)(
  'queue: jobs of a dead worker (PostgreSQL only)',
  () => {
    let testDb: TestDatabase;
    let database: Database;
    const buses: EventBus[] = [];
    beforeAll(async () => {
      testDb = (await createTestDatabase())!;
      database = await openDatabase({ DATABASE_URL: testDb.url, dataDir: '', PGLITE_MEMORY: true });
    });
    afterAll(async () => {
      for (const b of buses) await b.stop({ timeoutMs: 1000 });
      await database?.close();
      await testDb?.drop();
    });
    const bus = async () => {
      const b = await startEventBus(database, quiet);
      buses.push(b);
      return b;
    };
    const send = (b: EventBus, topic: string, payload: unknown) =>
      database.db.transaction((tx) => b.emit(tx, topic, payload));

    it.concurrent('finishes a job within 30 s after its worker was killed with SIGKILL mid-job', async () => {
      const topic = 'test.killed-worker';
      const child = spawn(process.execPath, ['--import', 'tsx', slowWorker, topic], {
        env: { ...process.env, DATABASE_URL: testDb.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const waitFor = async (text: string, ms: number) => {
        const until = Date.now() + ms;
        while (!out.includes(text)) {
          if (Date.now() > until || child.exitCode !== null) throw new Error(`worker never said "${text}":\n${out}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      try {
        await waitFor('ready', 60_000);
        const sender = await bus();
        await send(sender, topic, { n: 1 });
        await waitFor('started 1', 30_000);
        child.kill('SIGKILL');
        const killedAt = Date.now();
        // another instance works on the same topic; it must get the job the dead one held
        let finishedAt = 0;
        await sender.on(topic, async (job: any) => {
          if (job.n === 1) finishedAt = Date.now();
        });
        while (!finishedAt && Date.now() - killedAt < 40_000) await new Promise((r) => setTimeout(r, 100));
        expect(finishedAt, 'the job was finished by another worker').toBeGreaterThan(0);
        expect(finishedAt - killedAt).toBeLessThan(30_000);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    }, 120_000);

    it.concurrent('does not hand a long job to another worker while its own worker is alive (heartbeat)', async () => {
      const topic = 'test.long-job';
      const [first, second] = [await bus(), await bus()];
      const runs: string[] = [];
      const longJob = (who: string) => async () => {
        runs.push(who);
        // longer than the expiry and the expiry check together
        await new Promise((r) => setTimeout(r, (LEASE_SECONDS + 8) * 1000));
      };
      await first.on(topic, longJob('first'));
      await send(first, topic, { n: 1 });
      while (runs.length === 0) await new Promise((r) => setTimeout(r, 50));
      await second.on(topic, longJob('second'));
      await new Promise((r) => setTimeout(r, (LEASE_SECONDS + 9) * 1000));
      expect(runs).toEqual(['first']);
    }, 120_000);
  },
);
