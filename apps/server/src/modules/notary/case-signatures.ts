// The notary's case page, 签名 tab: every signature of the case's documents — signer, role, time,
// valid or not — read from the stored files by the same verifyPdf that `netsign verify` runs, so
// the page shows what any verifier of those files would see (issue 12, "the console shows each
// signature").
import { eq } from 'drizzle-orm';
import { verifyPdf } from '@netsign/documents';
import type { AppContext } from '../../platform/app-context';
import type { CaseRow } from './case-access';
import { caseDocuments } from './tables';
import { trustedRoots } from '../documents/keys';

export async function caseSignatures(ctx: AppContext, c: CaseRow) {
  const docs = await ctx.db.select().from(caseDocuments).where(eq(caseDocuments.caseId, c.id));
  const files = [
    ...docs.map((d) => ({
      id: d.id,
      kind: d.kind,
      title: d.title,
      applicationId: d.applicationId,
      sha256: d.fileSha256,
    })),
    ...(c.certificateFile
      ? [{ id: 'certificate', kind: 'certificate', title: '公证书', applicationId: null, sha256: c.certificateFile }]
      : []),
  ];
  const roots = await trustedRoots(ctx);
  const out = [];
  for (const f of files) {
    // one at a time: a 公证书 is a few MB
    const r = await verifyPdf(await ctx.blobs.getBuffer(f.sha256), {
      trustedRoots: roots,
      now: ctx.clock.now(),
      record: 'offline',
    });
    out.push({
      ...f,
      valid: r.valid,
      verdict: r.verdict.zh,
      problems: r.problems.map((p) => ({ code: p.code, message: p.zh })),
      signatures: r.signatures.map((s) => ({
        index: s.index,
        signer: s.signer?.commonName ?? null,
        role: s.role,
        roleLabel: s.roleLabel.zh,
        buyerIndex: s.context?.buyerIndex ?? null,
        type: s.type,
        docMdp: s.docMdp ?? null,
        time: s.signingTime.time,
        timeSource: s.signingTime.source,
        valid: s.intact && s.trusted && s.fitForDocuments && s.problems.length === 0,
        problems: s.problems,
      })),
    });
  }
  return out;
}
