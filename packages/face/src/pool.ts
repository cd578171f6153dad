// Face analysis in a small pool of worker threads, so that one buyer's face check never holds up
// other requests on the main thread's event loop. Bounded: when too many frames wait, new work is
// refused at once with a retry estimate (the server answers 503 + Retry-After) instead of queueing
// without limit.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEFAULT_THRESHOLDS } from './config';
import { compare } from './match';
import type { EngineInfo, FrameAnalysis, Thresholds } from './types';

export interface FacePoolOptions {
  /** worker threads, each with its own copy of the models (~120 MiB + wasm heap); default max(1, cores − 1) */
  size?: number;
  /** frames that may wait for a worker; more are refused with FaceBusyError. An idle queue always
   * takes one whole request, however large. Default 60 (three 20-frame challenges). */
  queueLimit?: number;
  thresholds?: Partial<Thresholds>;
  modelsDir?: string;
}

/** Messages between pool and worker (worker.ts). */
export type WorkerRequest = { id: number; image: ArrayBuffer };
export type WorkerReply =
  | { id: number; frame: FrameAnalysis; error?: undefined }
  | { id: number; error: string; frame?: undefined }
  | { ready: true; info: EngineInfo; loadMs: number; id?: undefined; frame?: undefined; error?: undefined }
  | { ready: false; error: string; id?: undefined; frame?: undefined };

/** Too much face work waiting: try again after `retryAfter` seconds. */
export class FaceBusyError extends Error {
  readonly code = 'face_busy';
  constructor(
    readonly retryAfter: number,
    readonly waiting: number,
  ) {
    super(`人脸识别繁忙，请稍后重试 / face analysis busy, retry in ${retryAfter} s (${waiting} frames waiting)`);
    this.name = 'FaceBusyError';
  }
}

/** The worker could not analyse this image (undecodable bytes): the caller's input, not the pool. */
export class FaceImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaceImageError';
  }
}

export const defaultPoolSize = () => Math.max(1, (os.availableParallelism?.() ?? os.cpus().length) - 1);
export const DEFAULT_QUEUE_LIMIT = 60;

interface Job {
  id: number;
  image: Uint8Array;
  resolve(f: FrameAnalysis): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

export interface FacePool {
  /** Analyse one image (JPEG/PNG/WebP bytes) in a worker. Throws FaceBusyError when the queue is full. */
  analyze(image: Uint8Array): Promise<FrameAnalysis>;
  /** Analyse the frames of one request, admitted (or refused) as a whole; results in input order. */
  analyzeAll(images: Uint8Array[]): Promise<FrameAnalysis[]>;
  compare(a: readonly number[], b: readonly number[]): number;
  readonly thresholds: Thresholds;
  readonly info: EngineInfo;
  /** milliseconds the first worker took to load its models */
  readonly loadMs: number;
  readonly size: number;
  readonly queueLimit: number;
  /** frames running and waiting, and the worker threads' ids (for health checks and tests) */
  stats(): { running: number; waiting: number; completed: number; threadIds: number[] };
  close(): Promise<void>;
}

/** Where the worker's entry is: compiled worker.js next to this file, else worker.ts through tsx. */
function workerEntry(): { file: URL; workerData: Record<string, unknown> } {
  const js = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { file: js, workerData: {} };
  return {
    file: new URL('./worker-boot.mjs', import.meta.url),
    workerData: { entry: new URL('./worker.ts', import.meta.url).href },
  };
}

export async function createFacePool(options: FacePoolOptions = {}): Promise<FacePool> {
  const size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
  const queueLimit = Math.max(1, Math.floor(options.queueLimit ?? DEFAULT_QUEUE_LIMIT));
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const entry = workerEntry();
  const waiting: Job[] = [];
  const slots: Slot[] = [];
  const recentMs: number[] = [];
  let nextId = 1;
  let completed = 0;
  let closed = false;

  function spawn(): Promise<{ slot: Slot; info: EngineInfo; loadMs: number }> {
    const worker = new Worker(entry.file, { workerData: { ...entry.workerData, modelsDir: options.modelsDir } });
    worker.unref(); // an idle pool does not keep the process alive; ref() while a job runs
    const slot: Slot = { worker };
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (m: WorkerReply) => {
        if (!ready) {
          if ('ready' in m && m.ready) {
            ready = true;
            resolve({ slot, info: m.info, loadMs: m.loadMs });
          } else reject(new Error(`face worker failed to start: ${m.error}`));
          return;
        }
        const job = slot.job;
        if (!job || m.id !== job.id) return;
        slot.job = undefined;
        worker.unref();
        completed++;
        if (m.frame) {
          recentMs.push(m.frame.ms);
          if (recentMs.length > 50) recentMs.shift();
          job.resolve(m.frame);
        } else job.reject(new FaceImageError(m.error ?? 'face worker: no result'));
        pump();
      });
      worker.on('error', (e) => {
        if (!ready) reject(e);
        slot.job?.reject(new Error(`face worker crashed: ${e.message}`));
        slot.job = undefined;
      });
      worker.on('exit', () => {
        const i = slots.indexOf(slot);
        if (i >= 0) slots.splice(i, 1);
        slot.job?.reject(new Error('face worker exited'));
        slot.job = undefined;
        if (!closed && ready) {
          // replace a crashed worker so the pool keeps its size
          spawn().then(
            ({ slot: s }) => {
              slots.push(s);
              pump();
            },
            () => undefined,
          );
        }
      });
    });
  }

  function pump() {
    for (const slot of slots) {
      if (slot.job || !waiting.length) continue;
      const job = waiting.shift()!;
      slot.job = job;
      slot.worker.ref();
      // a copy (Buffer#slice would be a view), so the caller's bytes stay usable after the transfer
      const image = new Uint8Array(job.image).buffer;
      slot.worker.postMessage({ id: job.id, image } satisfies WorkerRequest, [image]);
    }
  }

  function retryAfter(): number {
    const median = recentMs.length ? [...recentMs].sort((a, b) => a - b)[Math.floor(recentMs.length / 2)]! : 150;
    return Math.max(1, Math.ceil(((waiting.length + slots.length) * median) / slots.length / 1000));
  }

  function admit(images: Uint8Array[]): Promise<FrameAnalysis>[] {
    if (closed) throw new Error('face pool closed');
    if (waiting.length > 0 && waiting.length + images.length > queueLimit)
      throw new FaceBusyError(retryAfter(), waiting.length);
    const results = images.map(
      (image) =>
        new Promise<FrameAnalysis>((resolve, reject) => waiting.push({ id: nextId++, image, resolve, reject })),
    );
    pump();
    return results;
  }

  const started = await Promise.all(Array.from({ length: size }, spawn));
  for (const s of started) slots.push(s.slot);

  return {
    analyze: (image) => admit([image])[0]!,
    analyzeAll: (images) => Promise.all(admit(images)),
    compare,
    thresholds,
    info: started[0]!.info,
    loadMs: started[0]!.loadMs,
    size,
    queueLimit,
    stats: () => ({
      running: slots.filter((s) => s.job).length,
      waiting: waiting.length,
      completed,
      threadIds: slots.map((s) => s.worker.threadId),
    }),
    async close() {
      closed = true;
      for (const j of waiting.splice(0)) j.reject(new Error('face pool closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
