// Renewal of archive time-stamps (issue 13 item 2, PAdES B-LTA): a document time-stamp proves
// what it covers only while its TSA certificate is valid. Before that certificate expires, every
// document whose last time-stamp it signed gets a new one — the DSS with the old TSA's status
// (still provable now), then a document time-stamp by a TSA whose certificate lasts longer. The
// renewed file is recorded beside the old one (both stay on record; the old blob is never
// changed) and the old row points to it; each renewal is an audit entry. Scheduled daily.
import { X509Certificate } from 'node:crypto';
import { and, asc, eq, isNotNull, isNull, lt } from 'drizzle-orm';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../audit/append-audit';
import { files } from '../files/tables';
import { issuedDocuments } from './tables';
import { tsaCredential } from './keys';
import { rotateKey } from './rotate-key';
import { addArchiveEvidence } from './add-archive-timestamp';
import { prepareValidationData } from './validation-data';

/** A renewal is due this long before the TSA certificate of a document's last time-stamp expires. */
export const RENEW_BEFORE_MS = 180 * 24 * 3600_000;
/** Documents renewed per run (the next run takes the rest). */
const BATCH = 200;

export interface RenewalRun {
  renewed: { from: string; to: string; kind: string; reference: string }[];
  /** the built-in TSA's key was rotated first, its certificate being too near its end to renew with */
  rotatedTsa: boolean;
  /** why nothing could be renewed although documents are due (e.g. the root itself ends too soon) */
  blocked?: string;
}

export async function renewArchiveTimestamps(
  ctx: AppContext,
  o: { before?: number; actor?: string } = {},
): Promise<RenewalRun> {
  const now = ctx.clock.now();
  const horizon = new Date(now.getTime() + (o.before ?? RENEW_BEFORE_MS));
  const actor = o.actor ?? 'system';
  const due = await ctx.db
    .select()
    .from(issuedDocuments)
    .where(
      and(
        isNull(issuedDocuments.renewedTo),
        isNotNull(issuedDocuments.archiveUntil),
        lt(issuedDocuments.archiveUntil, horizon),
      ),
    )
    .orderBy(asc(issuedDocuments.archiveUntil))
    .limit(BATCH);
  const run: RenewalRun = { renewed: [], rotatedTsa: false };
  if (!due.length) return run;

  // the new time-stamps must outlive the old ones by more than the renewal margin
  const latestDue = Math.max(...due.map((d) => d.archiveUntil!.getTime()));
  const tsaEnd = async () => new Date(new X509Certificate((await tsaCredential(ctx)).certPem).validTo).getTime();
  if (!ctx.config.TSA_URL && (await tsaEnd()) < horizon.getTime() + (o.before ?? RENEW_BEFORE_MS)) {
    await rotateKey(ctx, 'tsa', actor); // audited as key.rotated; the old certificate stays for what it stamped
    run.rotatedTsa = true;
  }
  if (!ctx.config.TSA_URL && (await tsaEnd()) <= latestDue) {
    run.blocked =
      '时间戳服务证书不会晚于待续期的存档时间戳到期（平台根证书将到期）：请先执行 netsign keys rotate platform-ca 更换根证书，再换发时间戳密钥';
    ctx.log.error(
      { due: due.length },
      'archive time-stamp renewal blocked: the TSA certificate would not outlive the time-stamps it renews (roll the root over)',
    );
    return run;
  }

  await prepareValidationData(ctx);
  for (const d of due) {
    const old = await ctx.blobs.getBuffer(d.sha256);
    const next = await addArchiveEvidence(ctx, old);
    const { sha256, size } = await ctx.blobs.put(next.pdf);
    await ctx.db.transaction(async (tx) => {
      await tx.insert(files).values({ sha256, size, mime: 'application/pdf' }).onConflictDoNothing();
      await tx
        .insert(issuedDocuments)
        .values({
          sha256,
          kind: d.kind,
          title: d.title,
          reference: d.reference,
          signedBy: d.signedBy,
          pages: d.pages,
          issuedAt: d.issuedAt,
          archiveUntil: next.archiveUntil,
        })
        .onConflictDoNothing();
      await tx.update(issuedDocuments).set({ renewedTo: sha256 }).where(eq(issuedDocuments.sha256, d.sha256));
      await appendAudit(
        tx,
        {
          actor,
          action: 'document.archive-timestamp-renewed',
          entity: 'document',
          entityId: d.sha256,
          data: {
            kind: d.kind,
            reference: d.reference,
            renewedTo: sha256,
            previousUntil: d.archiveUntil!.toISOString(),
            archiveUntil: next.archiveUntil?.toISOString() ?? null,
          },
        },
        ctx.clock.now(),
      );
    });
    run.renewed.push({ from: d.sha256, to: sha256, kind: d.kind, reference: d.reference });
  }
  ctx.log.info({ renewed: run.renewed.length, rotatedTsa: run.rotatedTsa }, 'archive time-stamps renewed');
  return run;
}
