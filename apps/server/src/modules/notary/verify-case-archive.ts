// Checking a 公证卷宗 offline (`netsign verify-archive`, tests): the ASiC-E container — every file
// against the signed manifest, the signature and its time-stamp, the chain to the trusted roots —
// then what makes it this case's archive: signed by a notary office certificate, of the office the
// case record names; the case's audit chains whole from their first entry and anchored by their
// proofs in platform-signed, time-stamped checkpoints; the decision the archive states is the one
// the audit chain recorded. Every problem is named; nothing needs the database or the network.
import { createHash } from 'node:crypto';
import { verifyAsice, type AsiceReport, type VerifyAsiceOptions } from '@netsign/documents/archive/verify-asice';
import { finding, type Finding } from '@netsign/documents/pki/policy';
import { checkChain, contentDigest, linkHash } from '@netsign/domain/audit/chain';
import { checkProofHashes } from '@netsign/domain/audit/proof';
import { checkCheckpointSignature } from '../audit/check-checkpoint-signature';
import type { z } from '@netsign/api';
import { proofName } from './case-archive-contents';
import {
  ARCHIVE_FORMAT,
  recordIssues,
  ZArchivedAuditChains,
  ZArchivedAuditProof,
  ZArchivedCase,
  ZArchivedDecision,
  type TArchivedCase,
  type TArchivedDecision,
} from './case-archive-records';

export interface AuditChainCheck {
  aggregate: string;
  entries: number;
  proof: 'valid' | 'invalid' | 'missing';
  checkpoint?: { id: number; at: string };
}
export interface CaseArchiveReport extends Omit<AsiceReport, 'contents'> {
  /** as case/case.json states it; null when the record is missing or does not match its schema */
  case:
    | (Pick<TArchivedCase['case'], 'id' | 'businessNo' | 'caseNumber' | 'status'> & {
        office: Pick<TArchivedCase['office'], 'name' | 'uscc'>;
      })
    | null;
  decision: Pick<TArchivedDecision, 'outcome' | 'decidedAt' | 'certificateNumber'> | null;
  audit: AuditChainCheck[];
}

/** A JSON file of the archive: its value, or undefined (the problem named) when it is missing or not JSON. */
function readJson(contents: Map<string, Buffer>, path: string, problems: Finding[]): { value: unknown } | undefined {
  const b = contents.get(path);
  if (!b) {
    problems.push(finding('RECORD_MISSING', `卷宗缺少 ${path}`, `the archive has no ${path}`));
    return undefined;
  }
  try {
    return { value: JSON.parse(b.toString('utf8')) };
  } catch (e) {
    problems.push(
      finding(
        'RECORD_UNREADABLE',
        `${path} 不是可读的 JSON：${(e as Error).message}`,
        `${path} is not readable JSON: ${(e as Error).message}`,
      ),
    );
    return undefined;
  }
}

/** A record read through its schema; one that does not match is named (file and fields) and not read at all. */
function checked<S extends z.ZodType>(json: { value: unknown }, path: string, schema: S, problems: Finding[]) {
  const r = schema.safeParse(json.value);
  if (r.success) return r.data;
  const fields = recordIssues(r.error);
  problems.push(
    finding('RECORD_INVALID', `${path} 的字段不符合其格式：${fields}`, `${path} does not match its schema: ${fields}`),
  );
  return null;
}

export async function verifyCaseArchive(zip: Uint8Array, o: VerifyAsiceOptions): Promise<CaseArchiveReport> {
  const r = await verifyAsice(zip, o);
  const { contents, ...container } = r;
  const problems = [...r.problems];
  const out: CaseArchiveReport = { ...container, problems, case: null, decision: null, audit: [] };
  if (problems.some((p) => p.code === 'NOT_A_ZIP')) return done(out);

  // the case record: of this format, then of its schema
  const caseJson = readJson(contents, 'case/case.json', problems);
  const format = (caseJson?.value as { format?: unknown } | null | undefined)?.format;
  if (caseJson && format !== ARCHIVE_FORMAT)
    problems.push(
      finding(
        'NOT_A_CASE_ARCHIVE',
        `case/case.json 不是 ${ARCHIVE_FORMAT} 格式`,
        `case/case.json is not of format ${ARCHIVE_FORMAT}`,
      ),
    );
  const record =
    caseJson && format === ARCHIVE_FORMAT ? checked(caseJson, 'case/case.json', ZArchivedCase, problems) : null;
  const c = record?.case;
  const office = record?.office;
  if (c && office)
    out.case = {
      id: c.id,
      businessNo: c.businessNo,
      caseNumber: c.caseNumber,
      status: c.status,
      office: { name: office.name, uscc: office.uscc },
    };

  // the signer: a notary office's certificate, of this case's office
  const signer = r.signature?.signer;
  if (signer && office) {
    if (signer.role !== 'notary')
      problems.push(
        finding(
          'NOT_NOTARY_OFFICE',
          `清单签名人不是公证处（证书身份：${signer.role}，${signer.commonName}）`,
          `the manifest was not signed by a notary office (certificate role: ${signer.role}, ${signer.commonName})`,
        ),
      );
    else if (office.uscc ? signer.organisationId !== `NTRCN-${office.uscc}` : signer.organisation !== office.name) {
      problems.push(
        finding(
          'OFFICE_MISMATCH',
          `清单签名人（${signer.commonName}，${signer.organisationId ?? '无统一社会信用代码'}）不是本案公证处（${office.name}，${office.uscc ?? ''}）`,
          `the manifest was signed by ${signer.commonName} (${signer.organisationId ?? 'no organisation id'}), not by the case's office ${office.name} (${office.uscc ?? ''})`,
        ),
      );
    }
  }

  // the audit chains, each whole and anchored by its proof
  const entriesJson = readJson(contents, 'audit/entries.json', problems);
  const audit = entriesJson ? checked(entriesJson, 'audit/entries.json', ZArchivedAuditChains, problems) : null;
  const chains = audit?.chains ?? [];
  const apps = record?.applications ?? [];
  const expected = c?.id ? [`case:${c.id}`, ...apps.map((a) => `application:${a.id}`)] : [];
  for (const a of expected)
    if (!chains.some((ch) => ch.aggregate === a))
      problems.push(finding('AUDIT_CHAIN_MISSING', `卷宗缺少审计链 ${a}`, `the archive has no audit chain ${a}`));
  const checkpoints = new Map<string, string[]>();
  for (const ch of chains) {
    const check: AuditChainCheck = { aggregate: ch.aggregate, entries: ch.entries.length, proof: 'missing' };
    out.audit.push(check);
    if (!expected.includes(ch.aggregate))
      problems.push(
        finding(
          'AUDIT_CHAIN_FOREIGN',
          `审计链 ${ch.aggregate} 不属于本案`,
          `audit chain ${ch.aggregate} is not of this case`,
        ),
      );
    const entries = [...ch.entries].sort((x, y) => x.aggSeq - y.aggSeq);
    const broken: { aggSeq: number; problem: string }[] = entries.some((e) => e.aggregate !== ch.aggregate)
      ? [{ aggSeq: 0, problem: 'an entry of another chain' }]
      : checkChain(entries, (e) => linkHash(e.prevHash, e.aggSeq, contentDigest(e)));
    for (const b of broken)
      problems.push(
        finding(
          'AUDIT_CHAIN_BROKEN',
          `审计链 ${ch.aggregate} 第 ${b.aggSeq} 条：${b.problem}`,
          `audit chain ${ch.aggregate}, entry ${b.aggSeq}: ${b.problem}`,
        ),
      );
    const path = `audit/proofs/${proofName(ch.aggregate, apps)}.json`;
    const proofJson = contents.has(path) ? readJson(contents, path, problems) : undefined;
    const proof = proofJson ? checked(proofJson, path, ZArchivedAuditProof, problems) : null;
    if (proofJson && !proof) {
      check.proof = 'invalid'; // named above: the file and its fields
      continue;
    }
    if (!proof) {
      problems.push(
        finding(
          'AUDIT_PROOF_MISSING',
          `审计链 ${ch.aggregate} 没有包含证明（${path}）`,
          `audit chain ${ch.aggregate} has no proof (${path})`,
        ),
      );
      continue;
    }
    const last = entries.at(-1);
    const fails = checkProofHashes(proof);
    if (!last || proof.entry.hash !== last.hash || proof.entry.aggSeq !== last.aggSeq)
      fails.push("the proof is not of the chain's last entry");
    if (!fails.length) {
      const key = JSON.stringify(proof.checkpoint);
      if (!checkpoints.has(key))
        checkpoints.set(key, await checkCheckpointSignature(proof.checkpoint, o.trustedRoots, o.now));
      fails.push(...checkpoints.get(key)!.map((p) => `checkpoint ${proof.checkpoint.id}: ${p}`));
    }
    check.proof = fails.length ? 'invalid' : 'valid';
    check.checkpoint = { id: proof.checkpoint.id, at: proof.checkpoint.at };
    for (const f of fails)
      problems.push(
        finding(
          'AUDIT_PROOF_FAILED',
          `审计链 ${ch.aggregate} 的证明无效：${f}`,
          `the proof of audit chain ${ch.aggregate} fails: ${f}`,
        ),
      );
  }

  // the decision stated is the one on the audit chain
  const decisionJson = readJson(contents, 'case/decision.json', problems);
  const decision = decisionJson ? checked(decisionJson, 'case/decision.json', ZArchivedDecision, problems) : null;
  if (decision) {
    out.decision = {
      outcome: decision.outcome,
      decidedAt: decision.decidedAt,
      certificateNumber: decision.certificateNumber,
    };
    const caseChain = chains.find((ch) => ch.aggregate === `case:${c?.id}`)?.entries ?? [];
    const decided = caseChain.find(
      (e) => e.action === (decision.outcome === 'approved' ? 'case.approve' : 'case.reject'),
    );
    const data = decided?.data as { certificateNumber?: string; sha256?: string; reason?: string } | undefined;
    if (!decided)
      problems.push(
        finding(
          'DECISION_NOT_IN_AUDIT',
          `审计链中没有本卷宗所述的决定（${decision.outcome}）`,
          `the audit chain has no record of the decision the archive states (${decision.outcome})`,
        ),
      );
    else if (
      decision.outcome === 'approved' &&
      (data?.certificateNumber !== decision.certificateNumber || data?.sha256 !== decision.certificateSha256)
    ) {
      problems.push(
        finding(
          'DECISION_NOT_IN_AUDIT',
          '卷宗所述的公证书编号或摘要与审计记录不符',
          'the certificate number or digest the archive states differs from the audit record',
        ),
      );
    }
    const certificate = decision.certificatePath ? contents.get(decision.certificatePath) : undefined;
    if (
      decision.outcome === 'approved' &&
      (!certificate || createHash('sha256').update(certificate).digest('hex') !== decision.certificateSha256)
    ) {
      problems.push(
        finding(
          'CERTIFICATE_MISSING',
          '卷宗中没有与决定相符的公证书',
          'the archive does not hold the certificate the decision names',
        ),
      );
    }
  }
  return done(out);
}

function done(r: CaseArchiveReport): CaseArchiveReport {
  // one problem can be reported twice (a file both changed and re-listed): keep each once
  const seen = new Set<string>();
  r.problems = r.problems.filter((p) => {
    const key = p.code + p.en;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  r.valid = r.problems.length === 0;
  return r;
}
