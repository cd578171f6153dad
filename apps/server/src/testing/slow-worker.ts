// A worker in its own process for the queue test: takes jobs of one topic and never finishes
// them, so the test can kill it (kill -9) in the middle of a job.
import pino from 'pino';
import { openDatabase } from '../platform/db';
import { startEventBus } from '../platform/queue';

const [topic] = process.argv.slice(2);
const database = await openDatabase({ DATABASE_URL: process.env.DATABASE_URL, dataDir: '', PGLITE_MEMORY: true });
const bus = await startEventBus(database, pino({ level: 'silent' }));
await bus.on(topic, async (job: any) => {
  console.log(`started ${job.n}`);
  await new Promise(() => {});
});
console.log('ready');
