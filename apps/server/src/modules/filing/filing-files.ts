import type { TFilingRequested } from '../events';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The files of a filing, by the fields that hold them: the e-contract, the 公证书, the 收件材料 and
 * the 备案证明 — never a search of the snapshot, whose terms hold the seller's free text.
 */
export function filingFiles(f: { snapshot: TFilingRequested; recordFile: string | null }): Set<string> {
  const s = f.snapshot;
  const all = [s.econtractSha256, s.certificate?.sha256, ...(s.materials ?? []).map((m) => m.sha256), f.recordFile];
  return new Set(all.filter((x): x is string => typeof x === 'string' && SHA256.test(x)));
}
