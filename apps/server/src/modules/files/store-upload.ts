import { Readable } from 'node:stream';
import sharp from 'sharp';
import { DomainError } from '@netsign/domain';
import { sniffFileType, SNIFF_HEAD_BYTES, SNIFFED_LABELS, type SniffedType } from '@netsign/domain/media/sniff';
import type { TFileKind } from '@netsign/api';
import type { AppContext, Executor } from '../../platform/app-context';
import { BlobTooLargeError } from '../../platform/blob-store';
import { files } from './tables';
import { checkPdfInWorker, type PdfProblem } from './pdf-active-content';
import { WorkerBusyError } from '../../platform/worker-pool';

const PDF_PROBLEMS: Record<PdfProblem, string> = {
  unreadable: 'PDF 文件已损坏或无法解析',
  too_complex: 'PDF 结构过于复杂，无法在限定时间内完成检查；请打印为普通 PDF 或扫描后重新上传',
  javascript: 'PDF 含有脚本（JavaScript）或表单提交等动作，不能上传；请打印为普通 PDF 或扫描后上传',
  launch: 'PDF 含有启动外部程序的动作，不能上传',
  html: 'PDF 中夹带网页代码（HTML），不能上传',
};

const KIND_OF: Record<SniffedType, TFileKind> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'video/webm': 'webm',
  'video/mp4': 'mp4',
};
const IMAGE: SniffedType[] = ['image/jpeg', 'image/png', 'image/webp'];
/** 50 megapixels: more than any phone camera, far less than a decompression bomb needs. */
export const MAX_IMAGE_PIXELS = 50_000_000;

export interface UploadRules {
  field: string;
  label: string;
  types: readonly TFileKind[];
  maxBytes: number;
  /** sees every chunk as it streams past, e.g. to read a video's duration without holding it */
  tap?: (chunk: Buffer) => void;
}

export interface StoredFile {
  sha256: string;
  size: number;
  mime: SniffedType;
}

/** Reads until at least `n` bytes are in hand; the rest of the stream stays unread. */
async function readHead(source: AsyncIterator<Buffer>, n: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < n) {
    const r = await source.next();
    if (r.done) return { head: Buffer.concat(chunks), ended: true };
    chunks.push(r.value);
    size += r.value.length;
  }
  return { head: Buffer.concat(chunks), ended: false };
}

/**
 * Takes an upload: its type from its bytes (never its name), checked against the category's
 * types and size; images re-encoded so EXIF, GPS and other metadata are gone; everything else
 * streamed to the blob store without being held in memory. Records the file by its SHA-256.
 */
export async function storeUpload(
  ctx: AppContext,
  tx: Executor | null,
  source: Readable,
  rules: UploadRules,
): Promise<StoredFile> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const { head, ended } = await readHead(it, SNIFF_HEAD_BYTES);
  const type = sniffFileType(head);
  const allowed = rules.types.map((t) => t.toUpperCase()).join('、');
  const fail = (code: string, message: string, status = 415) => {
    source.resume();
    return new DomainError(code, message, status, [{ field: rules.field, code, message }]);
  };
  if (!head.length) throw fail('FILE_EMPTY', `${rules.label}：文件为空`, 400);
  if (!type || !rules.types.includes(KIND_OF[type])) {
    throw fail(
      'FILE_TYPE_NOT_ALLOWED',
      `${rules.label}：文件内容${type ? `为 ${SNIFFED_LABELS[type]}` : '无法识别'}，只接受 ${allowed}`,
    );
  }
  const rest = async function* () {
    rules.tap?.(head);
    yield head;
    if (ended) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      rules.tap?.(r.value);
      yield r.value;
    }
  };
  let stored: Awaited<ReturnType<typeof ctx.blobs.put>>;
  try {
    if (IMAGE.includes(type) || type === 'application/pdf') {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of rest()) {
        size += c.length;
        if (size > rules.maxBytes) throw new BlobTooLargeError(rules.maxBytes);
        chunks.push(c);
      }
      if (type === 'application/pdf') {
        // pages only: no JavaScript, no launch actions, no HTML (docs/SECURITY.md)
        const problem = await checkPdfInWorker(Buffer.concat(chunks), ctx.config.PDF_CHECK_TIMEOUT_MS);
        if (problem)
          throw fail(
            `PDF_${problem.toUpperCase()}`,
            `${rules.label}：${PDF_PROBLEMS[problem]}`,
            problem === 'unreadable' ? 400 : 422,
          );
        stored = await ctx.blobs.put(Buffer.concat(chunks));
      } else {
        // decoding proves it is an image; rotate() bakes in the EXIF orientation before metadata goes
        const img = sharp(Buffer.concat(chunks), { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS }).rotate();
        const clean =
          type === 'image/png'
            ? await img.png().toBuffer()
            : type === 'image/webp'
              ? await img.webp({ quality: 90 }).toBuffer()
              : await img.jpeg({ quality: 90 }).toBuffer();
        stored = await ctx.blobs.put(clean);
      }
    } else {
      stored = await ctx.blobs.put(Readable.from(rest()), { maxBytes: rules.maxBytes });
    }
  } catch (e) {
    if (e instanceof BlobTooLargeError)
      throw fail('FILE_TOO_LARGE', `${rules.label}：文件超过 ${Math.round(rules.maxBytes / 1048576)} MB`, 413);
    if (e instanceof DomainError) throw e;
    if (e instanceof WorkerBusyError) throw fail('PDF_CHECK_BUSY', `${rules.label}：PDF 检查繁忙，请稍后重试`, 503);
    if (IMAGE.includes(type) && /pixel limit/i.test(String((e as Error)?.message))) {
      throw fail(
        'IMAGE_TOO_LARGE',
        `${rules.label}：图片超过 ${MAX_IMAGE_PIXELS / 1e6} 百万像素，请降低分辨率后重新拍摄`,
        413,
      );
    }
    if (IMAGE.includes(type)) throw fail('IMAGE_UNREADABLE', `${rules.label}：图片已损坏或无法读取`, 400);
    throw e;
  }
  await (tx ?? ctx.db)
    .insert(files)
    .values({ sha256: stored.sha256, size: stored.size, mime: type })
    .onConflictDoNothing();
  return { ...stored, mime: type };
}

/**
 * Files up to this size are read whole and checked against their SHA-256 before the first byte
 * goes out, so a damaged one gets a clean 500 BLOB_INTEGRITY. Larger ones (videos) stream: a
 * mismatch found at the end cuts the response short of its Content-Length, so no client takes it
 * for the file.
 */
const CHECK_BEFORE_SENDING = 4 * 1024 * 1024;

/** A stored file's bytes and type, for a route that has already checked who may read it. */
export async function openStoredFile(ctx: AppContext, sha256: string) {
  const { eq } = await import('drizzle-orm');
  const [f] = await ctx.db.select().from(files).where(eq(files.sha256, sha256));
  if (!f) throw new DomainError('NOT_FOUND', '文件不存在', 404);
  return {
    meta: f,
    body: f.size <= CHECK_BEFORE_SENDING ? await ctx.blobs.getBuffer(sha256) : await ctx.blobs.get(sha256),
  };
}
