// 公证卷宗: once a case is decided (审核通过 or 驳回), one ASiC-E container holds everything the
// decision rests on, its manifest signed by the notary office (CAdES, time-stamped). Run by the
// CASE_DECIDED job: idempotent — a case archived once is not archived again, and a job retried
// after dying anywhere before its last transaction simply builds the archive again.
import { X509Certificate } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import { aggregateOf } from '@netsign/domain/audit/chain';
import { ASICE_MIMETYPE, writeAsice, type AsiceFile } from '@netsign/documents/archive/asice';
import { signDetachedCades } from '@netsign/documents/archive/cades';
import type { AppContext } from '../../platform/app-context';
import { caseArchives } from './tables';
import { loadCase, type CaseRow } from './case-access';
import {
  archiveRecords,
  loadArchiveInputs,
  placeFile,
  planArchiveFiles,
  type PlacedFile,
} from './case-archive-contents';
import { proveChains } from '../audit/prove-chains';
import { appendAudit } from '../audit/append-audit';
import { files } from '../files/tables';
import { getOrganisation } from '../accounts/describe-seller';
import { organisationSigner, timestampSource } from '../documents/keys';
import { orgChannel } from '../notifications/live-hub';

export type CaseArchive = typeof caseArchives.$inferSelect;
export const DECIDED_STATUSES = ['已通过', '已驳回'];

export async function archiveCase(ctx: AppContext, caseId: string): Promise<CaseArchive | null> {
  const [done] = await ctx.db.select().from(caseArchives).where(eq(caseArchives.caseId, caseId));
  if (done) return done;
  const c = await loadCase(ctx.db, caseId, false);
  if (!DECIDED_STATUSES.includes(c.status)) return null; // a job from before a decision that was rolled back
  const input = await loadArchiveInputs(ctx, c);
  const stored: PlacedFile[] = [];
  const bytes = new Map<string, Buffer>();
  for (const p of planArchiveFiles(c, input.documents, input.applications)) {
    const data = await ctx.blobs.getBuffer(p.sha256); // checked against its hash on the way
    bytes.set(p.sha256, data);
    stored.push(placeFile(p, data));
  }
  const chains = await proveChains(ctx, [
    aggregateOf('case', c.id),
    ...input.applications.map((a) => aggregateOf('application', a.id)),
  ]);
  const records = archiveRecords({ caseRow: c, ...input, planned: stored, chains });
  const contents: AsiceFile[] = [
    ...records,
    ...stored.map((p) => ({ path: p.path, data: bytes.get(p.sha256)!, mimeType: p.mimeType })),
  ].sort((a, b) => (a.path === 'README.txt' ? -1 : b.path === 'README.txt' ? 1 : a.path < b.path ? -1 : 1));

  const office = await getOrganisation(ctx.db, c.officeId);
  const signer = await organisationSigner(ctx, office);
  const stamp = await timestampSource(ctx);
  const now = ctx.clock.now();
  const { zip } = await writeAsice(contents, (manifest) => signDetachedCades(manifest, signer, stamp), { mtime: now });
  const blob = await ctx.blobs.put(zip);
  const row = await ctx.db.transaction(async (tx) => {
    await tx.insert(files).values({ sha256: blob.sha256, size: blob.size, mime: ASICE_MIMETYPE }).onConflictDoNothing();
    const [made] = await tx
      .insert(caseArchives)
      .values({
        caseId: c.id,
        sha256: blob.sha256,
        size: blob.size,
        files: contents.length,
        signedBy: new X509Certificate(signer.certPem).subject.replace(/\n/g, ', '),
        madeAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (made)
      await appendAudit(
        tx,
        {
          actor: 'system',
          orgId: c.officeId,
          action: 'case.archived',
          entity: 'case',
          entityId: c.id,
          data: { sha256: blob.sha256, size: blob.size, files: contents.length },
        },
        now,
      );
    return made;
  });
  if (!row) return (await ctx.db.select().from(caseArchives).where(eq(caseArchives.caseId, caseId)))[0] ?? null; // another run was first
  await ctx.live.publish(orgChannel(c.officeId), {
    entity: 'case',
    id: c.id,
    status: c.status,
    title: '公证卷宗已生成',
  });
  return row;
}

/** The archive a notary may download: only of a decided case, once the job has made it. */
export async function downloadableArchive(ctx: AppContext, c: CaseRow): Promise<CaseArchive> {
  if (!DECIDED_STATUSES.includes(c.status))
    throw new DomainError('CASE_NOT_DECIDED', `公证案件当前状态为「${c.status}」，审核通过或驳回后才生成公证卷宗`, 409);
  const [row] = await ctx.db.select().from(caseArchives).where(eq(caseArchives.caseId, c.id));
  if (!row) throw new DomainError('ARCHIVE_PENDING', '公证卷宗正在生成，请稍后再试', 409);
  return row;
}
