import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import { uploadClaims } from './tables';

/** The largest PDF anyone may upload for verification (a 公证书 with its e-contract is a few MB). */
export const PUBLIC_PDF_MAX_BYTES = 50 * 1024 * 1024;
/** How long a claim holds if its instance dies mid-upload; an upload that takes longer loses it. */
const CLAIM_MS = 5 * 60_000;

/**
 * Runs `fn` while holding the one upload claim of this client address. The claim is a row in the
 * database, so it holds across every instance; a second upload from the same address meanwhile
 * gets 429 UPLOAD_IN_PROGRESS. A claim left by a crashed instance expires after CLAIM_MS.
 */
export async function withUploadClaim<T>(ctx: AppContext, clientKey: string, fn: () => Promise<T>): Promise<T> {
  const claimId = randomUUID();
  const now = new Date();
  const res: any = await ctx.db.execute(sql`
    insert into upload_claims (client_key, claim_id, expires_at) values (${clientKey}, ${claimId}, ${new Date(now.getTime() + CLAIM_MS).toISOString()})
    on conflict (client_key) do update set claim_id = excluded.claim_id, expires_at = excluded.expires_at
    where upload_claims.expires_at < ${now.toISOString()}
    returning claim_id`);
  if (!(res.rows ?? res).length) {
    const e = new DomainError(
      'UPLOAD_IN_PROGRESS',
      '您有一个文件正在上传核验，请等它完成后再上传下一个',
      429,
    ) as DomainError & { retryAfter?: number };
    e.retryAfter = 5;
    throw e;
  }
  try {
    return await fn();
  } finally {
    await ctx.db
      .delete(uploadClaims)
      .where(and(eq(uploadClaims.clientKey, clientKey), eq(uploadClaims.claimId, claimId)));
  }
}

const tooLarge = () =>
  new DomainError('FILE_TOO_LARGE', `文件过大：核验的 PDF 不能超过 ${PUBLIC_PDF_MAX_BYTES / 1024 / 1024} MB`, 413, [
    { field: 'file', code: 'FILE_TOO_LARGE', message: `PDF 不能超过 ${PUBLIC_PDF_MAX_BYTES / 1024 / 1024} MB` },
  ]);

/**
 * Streams the request's one PDF to a private temporary file (never whole in memory), stopping at
 * `maxBytes`; returns its path and a cleanup. Refuses what does not start with `%PDF-`.
 */
export async function receivePdfToTempFile(
  req: FastifyRequest,
  maxBytes = PUBLIC_PDF_MAX_BYTES,
): Promise<{ path: string; size: number; cleanup: () => Promise<void> }> {
  const file = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!file)
    throw new DomainError('FILE_REQUIRED', '请选择要核验的 PDF 文件', 400, [
      { field: 'file', code: 'FILE_REQUIRED', message: '请选择 PDF 文件' },
    ]);
  const dir = await mkdtemp(join(tmpdir(), 'netsign-verify-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'upload.pdf');
  try {
    await pipeline(file.file, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    if (file.file.truncated) throw tooLarge();
    const fh = await open(path, 'r');
    const head = Buffer.alloc(5);
    try {
      await fh.read(head, 0, 5, 0);
    } finally {
      await fh.close();
    }
    if (!head.equals(Buffer.from('%PDF-')))
      throw new DomainError('NOT_PDF', '文件不是 PDF', 415, [
        { field: 'file', code: 'NOT_PDF', message: '请上传 PDF 文件' },
      ]);
    return { path, size: (await stat(path)).size, cleanup };
  } catch (e) {
    await cleanup();
    if ((e as { code?: unknown } | null)?.code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw e;
  }
}
