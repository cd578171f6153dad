import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

// A few worker threads for CPU-bound work on untrusted input (parsing an uploaded PDF), so that
// the event loop keeps answering meanwhile; each job has a time limit, and a job that runs over
// it has its thread terminated (the only way to stop synchronous code), then replaced on demand.
// Entry protocol: the worker posts `{ ready: true }` once loaded (the time limit must not count
// its start-up), then answers every `{ id, input }` with `{ id, output }` or `{ id, error }`.

/** The job ran longer than its time limit; its thread was terminated. */
export class WorkerTimeoutError extends Error {
  readonly code = 'WORKER_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`worker job exceeded ${timeoutMs} ms and was stopped`);
    this.name = 'WorkerTimeoutError';
  }
}

/** More jobs are waiting than the pool accepts. */
export class WorkerBusyError extends Error {
  readonly code = 'WORKER_BUSY';
  constructor(readonly waiting: number) {
    super(`worker pool busy: ${waiting} jobs waiting`);
    this.name = 'WorkerBusyError';
  }
}

export interface WorkerPool<I, O> {
  /** Runs `input` in a worker; the time limit counts from when a worker takes the job. */
  run(input: I, opts: { timeoutMs: number; transfer?: ArrayBuffer[] }): Promise<O>;
  stats(): { running: number; waiting: number; threads: number };
  close(): Promise<void>;
}

interface Job<I, O> {
  id: number;
  input: I;
  timeoutMs: number;
  transfer?: ArrayBuffer[];
  resolve(o: O): void;
  reject(e: Error): void;
}
interface Slot<I, O> {
  worker: Worker;
  ready: boolean;
  job?: Job<I, O>;
  timer?: NodeJS.Timeout;
}

/** The compiled .js beside a .ts entry (a build), else the .ts through tsx (sources, tests). */
function entryOf(tsEntry: URL): { file: URL; workerData: Record<string, unknown> } {
  const js = new URL(tsEntry.href.replace(/\.ts$/, '.js'));
  if (existsSync(fileURLToPath(js))) return { file: js, workerData: {} };
  return { file: new URL('./worker-boot.mjs', import.meta.url), workerData: { entry: tsEntry.href } };
}

export function createWorkerPool<I, O>(tsEntry: URL, opts: { size: number; queueLimit: number }): WorkerPool<I, O> {
  const entry = entryOf(tsEntry);
  const slots: Slot<I, O>[] = [];
  const waiting: Job<I, O>[] = [];
  let nextId = 1;
  let closed = false;

  function finish(slot: Slot<I, O>) {
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.worker.unref();
  }

  function drop(slot: Slot<I, O>, e: Error) {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    job?.reject(e);
  }

  function spawn(): Slot<I, O> {
    const worker = new Worker(entry.file, { workerData: entry.workerData });
    worker.unref(); // an idle pool does not keep the process alive; ref() while a job runs
    const slot: Slot<I, O> = { worker, ready: false };
    worker.on('message', (m: { id: number; output?: O; error?: string; ready?: true }) => {
      if (m.ready) {
        slot.ready = true;
        return pump();
      }
      const job = slot.job;
      if (!job || m.id !== job.id) return;
      finish(slot);
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve(m.output as O);
      pump();
    });
    worker.on('error', (e) => {
      drop(slot, new Error(`worker crashed: ${e.message}`));
      pump();
    });
    worker.on('exit', () => {
      drop(slot, new Error('worker exited'));
      pump();
    });
    slots.push(slot);
    return slot;
  }

  function pump() {
    while (!closed && waiting.length) {
      const slot = slots.find((s) => s.ready && !s.job);
      if (!slot) {
        if (slots.length < opts.size && slots.every((s) => s.ready)) spawn();
        return;
      }
      const job = waiting.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(() => {
        drop(slot, new WorkerTimeoutError(job.timeoutMs));
        void slot.worker.terminate();
        pump();
      }, job.timeoutMs);
      slot.worker.postMessage({ id: job.id, input: job.input }, job.transfer ?? []);
    }
  }

  return {
    run(input, { timeoutMs, transfer }) {
      if (closed) return Promise.reject(new Error('worker pool closed'));
      if (waiting.length >= opts.queueLimit) return Promise.reject(new WorkerBusyError(waiting.length));
      const p = new Promise<O>((resolve, reject) =>
        waiting.push({ id: nextId++, input, timeoutMs, transfer, resolve, reject }),
      );
      pump();
      return p;
    },
    stats: () => ({ running: slots.filter((s) => s.job).length, waiting: waiting.length, threads: slots.length }),
    async close() {
      closed = true;
      for (const j of waiting.splice(0)) j.reject(new Error('worker pool closed'));
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}
