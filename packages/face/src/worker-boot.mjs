// Starts the TypeScript face worker when running from source (tsx, vitest): a worker thread does
// not inherit the parent's TypeScript loader, and `execArgv: ['--import', 'tsx']` does not reach a
// worker's entry on Node 20. A compiled build starts worker.js directly (see pool.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
