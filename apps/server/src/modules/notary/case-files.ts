import type { TApplicationSteps, TCaseSnapshot } from '@netsign/api';

const SHA256 = /^[0-9a-f]{64}$/;
const add = (set: Set<string>, v: unknown) => {
  if (typeof v === 'string' && SHA256.test(v)) set.add(v);
};

/**
 * The files that belong to a case, named by the fields that hold them — never a search of the
 * case's JSON, which holds text a seller or buyer wrote (a hash typed into 补充条款 is not a file
 * of the case).
 */
export function caseFiles(
  c: { snapshot: TCaseSnapshot; certificateFile: string | null },
  documents: { fileSha256: string }[],
  applications: { steps: TApplicationSteps }[],
): Set<string> {
  const out = new Set<string>();
  add(out, c.snapshot.econtract.sha256);
  for (const m of c.snapshot.materials) add(out, m.sha256);
  add(out, c.certificateFile);
  for (const d of documents) add(out, d.fileSha256);
  for (const a of applications) evidenceFiles(a.steps, out);
  return out;
}

/** The buyer's evidence a notary reviews: ID photo page, face frames, photos, the video and its frames. */
function evidenceFiles(steps: TApplicationSteps, out: Set<string>) {
  if (steps.first?.method === 'document') add(out, steps.first.photoPage);
  for (const check of [steps.first, steps.second]) {
    // a live face check holds its frames; the document checks name photos listed below
    if (!check || check.method === 'document' || check.method === 'document-video') continue;
    for (const f of check.frameFiles) add(out, f);
    for (const f of check.frames) add(out, f.sha256);
  }
  for (const p of Object.values(steps.photos ?? {})) add(out, p?.sha256);
  add(out, steps.video?.sha256);
  for (const r of [steps.videoFrames?.results, steps.video?.frames?.results])
    for (const f of r ?? []) add(out, f.sha256);
}
