// One face-analysis thread of the pool (pool.ts): loads the models once, then analyses the images
// the main thread sends, one at a time. Decisions stay in the main thread; this only measures.
import { parentPort, workerData } from 'node:worker_threads';
import { createFaceEngine } from './node';
import type { WorkerReply, WorkerRequest } from './pool';

const port = parentPort;
if (!port) throw new Error('face worker: must run in a worker thread (see pool.ts)');

try {
  const engine = await createFaceEngine({ modelsDir: (workerData as { modelsDir?: string } | undefined)?.modelsDir });
  port.on('message', async (req: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      reply = { id: req.id, frame: await engine.analyze(new Uint8Array(req.image)) };
    } catch (e) {
      reply = { id: req.id, error: (e as Error).message };
    }
    port.postMessage(reply, reply.frame ? [reply.frame.thumb.buffer as ArrayBuffer] : []);
  });
  port.postMessage({ ready: true, info: engine.info, loadMs: engine.loadMs } satisfies WorkerReply);
} catch (e) {
  port.postMessage({ ready: false, error: (e as Error).message } satisfies WorkerReply);
}
