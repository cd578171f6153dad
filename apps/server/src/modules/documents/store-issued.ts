import { PDFDocument } from 'pdf-lib';
import type { AppContext, Executor } from '../../platform/app-context';
import { files } from '../files/tables';
import { issuedDocuments } from './tables';

/** Keeps an issued PDF: bytes in the blob store, and its hash on record for `verify`. */
export async function storeIssued(
  ctx: AppContext,
  tx: Executor | null,
  pdf: Buffer,
  doc: { kind: string; title: string; reference: string; signedBy?: string; archiveUntil?: Date | null },
) {
  const pages = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
  const { sha256, size } = await ctx.blobs.put(pdf);
  const db = tx ?? ctx.db;
  await db.insert(files).values({ sha256, size, mime: 'application/pdf' }).onConflictDoNothing();
  await db
    .insert(issuedDocuments)
    .values({ sha256, pages, ...doc, issuedAt: ctx.clock.now() })
    .onConflictDoNothing();
  return { sha256, pages, size };
}
