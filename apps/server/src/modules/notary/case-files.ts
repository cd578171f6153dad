import type { TContractPushed } from '../events';

const SHA256 = /^[0-9a-f]{64}$/;
const add = (set: Set<string>, v: unknown) => { if (typeof v === 'string' && SHA256.test(v)) set.add(v); };

/**
 * The files that belong to a case, named by the fields that hold them — never a search of the
 * case's JSON, which holds text a seller or buyer wrote (a hash typed into 补充条款 is not a file
 * of the case).
 */
export function caseFiles(c: { snapshot: unknown; certificateFile: string | null }, documents: { fileSha256: string }[], applications: { steps: unknown }[]): Set<string> {
  const s = c.snapshot as TContractPushed;
  const out = new Set<string>();
  add(out, s.econtract?.sha256);
  for (const m of s.materials ?? []) add(out, m.sha256);
  add(out, c.certificateFile);
  for (const d of documents) add(out, d.fileSha256);
  for (const a of applications) evidenceFiles(a.steps as any, out);
  return out;
}

/** The buyer's evidence a notary reviews: ID photo page, face frames, photos, the video and its frames. */
function evidenceFiles(steps: any, out: Set<string>) {
  if (!steps || typeof steps !== 'object') return;
  for (const check of [steps.first, steps.second]) {
    if (!check || typeof check !== 'object') continue;
    add(out, check.photoPage);
    for (const f of Array.isArray(check.frameFiles) ? check.frameFiles : []) add(out, f);
    for (const f of Array.isArray(check.frames) ? check.frames : []) add(out, f?.sha256);
  }
  for (const p of Object.values(steps.photos ?? {})) add(out, (p as any)?.sha256);
  add(out, steps.video?.sha256);
  for (const r of [steps.videoFrames?.results, steps.video?.frames?.results]) for (const f of Array.isArray(r) ? r : []) add(out, f?.sha256);
}
