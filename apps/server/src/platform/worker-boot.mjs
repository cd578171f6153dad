// Starts a TypeScript worker entry when running from source (tsx, vitest): a worker thread does
// not inherit the parent's TypeScript loader. A compiled build starts the .js entry directly
// (worker-pool.ts; the face package's worker-boot.mjs does the same for its pool).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
