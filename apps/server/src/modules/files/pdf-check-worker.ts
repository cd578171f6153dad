// Worker-thread entry of the uploaded-PDF check (pdf-active-content.ts): pdf-lib parses a
// hostile file synchronously, for minutes if it is built to be slow.
import { parentPort } from 'node:worker_threads';
import { pdfActiveContent } from './pdf-active-content';

parentPort!.on('message', async (m: { id: number; input: ArrayBuffer }) => {
  try {
    parentPort!.postMessage({ id: m.id, output: await pdfActiveContent(Buffer.from(m.input)) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: (e as Error).message });
  }
});
parentPort!.postMessage({ ready: true });
