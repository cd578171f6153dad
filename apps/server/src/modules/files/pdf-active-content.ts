import { PDFDocument, PDFDict, PDFName, PDFArray, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { createWorkerPool, WorkerTimeoutError, type WorkerPool } from '../../platform/worker-pool';

// A PDF a seller uploads is shown to notaries, the center and buyers. It may hold pages, not
// programs: JavaScript, launch actions (run a program), or HTML a browser could be tricked into
// rendering. The check reads every object, also those packed in compressed object streams, by
// their decoded names (so `/J#61vaScript` is `/JavaScript`).

/** Action types that run code or leave the document. */
const ACTIONS = new Set(['JavaScript', 'Launch', 'ImportData', 'SubmitForm', 'RichMediaExecute', 'GoToE']);
/** Keys that hold or start such content. */
const KEYS = new Set(['JS', 'JavaScript', 'Launch', 'RichMedia', 'XFA']);
/** Markup a browser would render if it ever took the bytes for HTML. */
// (only tags of 5+ letters: a shorter one turns up by chance in the compressed bytes of a large scan)
const HTML = /<\s*(script|html|iframe|object|embed)\b|<!doctype\s+html|javascript:/i;

export type PdfProblem = 'unreadable' | 'too_complex' | 'javascript' | 'launch' | 'html';

let pool: WorkerPool<ArrayBuffer, PdfProblem | null> | undefined;

/**
 * The check below in a worker thread (pdf-lib takes ~80 s of CPU on a 4.5 MB file built to be
 * slow): the event loop keeps serving, and past `timeoutMs` the worker is stopped and the file
 * refused as too complex. Two threads, shared by every server in the process; at most 16 files
 * wait (WorkerBusyError beyond).
 */
/** threads running and files waiting (tests, health) */
export const pdfCheckStats = () => pool?.stats() ?? { running: 0, waiting: 0, threads: 0 };

export async function checkPdfInWorker(bytes: Buffer, timeoutMs: number): Promise<PdfProblem | null> {
  pool ??= createWorkerPool(new URL('./pdf-check-worker.ts', import.meta.url), { size: 2, queueLimit: 16 });
  const copy = new Uint8Array(bytes).buffer as ArrayBuffer;
  try {
    return await pool.run(copy, { timeoutMs, transfer: [copy] });
  } catch (e) {
    if (e instanceof WorkerTimeoutError) return 'too_complex';
    throw e;
  }
}

/** What makes the PDF unfit to store, or null. */
export async function pdfActiveContent(bytes: Buffer): Promise<PdfProblem | null> {
  if (HTML.test(bytes.toString('latin1'))) return 'html';
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch {
    return 'unreadable';
  }
  let found: PdfProblem | null = null;
  const visit = (o: PDFObject | undefined) => {
    if (found || !o) return;
    if (o instanceof PDFRawStream) return visit(o.dict);
    if (o instanceof PDFArray) {
      for (const x of o.asArray()) visit(x);
      return;
    }
    if (!(o instanceof PDFDict)) return;
    for (const [k, v] of o.entries()) {
      const key = k.decodeText();
      if (KEYS.has(key)) {
        found = key === 'Launch' ? 'launch' : 'javascript';
        return;
      }
      if (key === 'S' && v instanceof PDFName && ACTIONS.has(v.decodeText())) {
        found = v.decodeText() === 'Launch' ? 'launch' : 'javascript';
        return;
      }
      if (!(v instanceof PDFRef)) visit(v);
    }
  };
  for (const [, obj] of doc.context.enumerateIndirectObjects()) visit(obj);
  visit(doc.context.trailerInfo.Root);
  return found;
}
