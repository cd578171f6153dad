import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { parseArgs } from 'node:util';
import { checkProofHashes, type AuditProof } from '@netsign/domain/audit/proof';
import { openCliContext } from './cli-context';
import { verifyAuditChain } from '../modules/audit/verify-audit-chain';
import { makeCheckpoint } from '../modules/audit/make-checkpoint';
import { proveAuditEntry, ProofUnavailable } from '../modules/audit/prove-audit-entry';
import { checkCheckpointSignature } from '../modules/audit/check-checkpoint-signature';
import { trustedRoots } from '../modules/documents/keys';

const USAGE = `用法 usage:
  netsign audit verify [--root ROOT.pem]    every chain, checkpoint, signature and time-stamp (exit 1 when tampered)
  netsign audit checkpoint                  make a checkpoint now (the server makes one every few seconds)
  netsign audit prove SEQ > proof.json      inclusion proof of entry SEQ, checkable offline
  netsign audit check-proof FILE --root ROOT.pem   checks a proof without any database`;

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

export async function run(args: string[]) {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { root: { type: 'string' } },
  });
  const roots = values.root ? [readFileSync(values.root, 'utf8')] : undefined;
  if (sub === 'check-proof' && positionals[0]) return checkProof(positionals[0], roots);
  if (!['verify', 'checkpoint', 'prove'].includes(sub) || (sub === 'prove' && !/^\d+$/.test(positionals[0] ?? ''))) {
    console.error(USAGE);
    return 2;
  }
  const ctx = await openCliContext();
  const { database } = ctx;
  try {
    if (sub === 'checkpoint') {
      const r = await makeCheckpoint(ctx);
      console.log(
        r?.checkpoint
          ? `检查点 checkpoint ${r.checkpoint.id}: ${r.checkpoint.moved} chain head(s) moved, ${r.checkpoint.treeSize} chains`
          : '无新记录 nothing to checkpoint',
      );
      return 0;
    }
    if (sub === 'prove') {
      try {
        console.log(JSON.stringify(await proveAuditEntry(database.db, Number(positionals[0])), null, 2));
        return 0;
      } catch (e) {
        if (!(e instanceof ProofUnavailable)) throw e;
        console.error(e.message);
        return 1;
      }
    }
    const trusted = roots ?? (await trustedRoots(ctx));
    if (!roots)
      console.log(
        `信任根 trusting the platform root from this database (SHA-256 ${fingerprint(trusted[0])}); pass --root to check against your own copy`,
      );
    const started = performance.now();
    const r = await verifyAuditChain(database.db, { roots: trusted });
    for (const p of r.problems)
      console.log(`✘ ${p.aggregate} #${p.aggSeq}${p.seq ? ` (seq ${p.seq})` : ''} ${p.problem}: ${p.detail}`);
    const open = r.uncovered.reduce((n, u) => n + u.to - u.from + 1, 0);
    if (open) {
      console.log(
        `… ${open} 条记录尚未被检查点收录 entries not yet covered by a checkpoint (${r.uncovered.length} chains; the checkpoint job covers them within seconds, or run netsign audit checkpoint)`,
      );
      for (const u of r.uncovered.slice(0, 10))
        console.log(`  not yet covered: ${u.aggregate} #${u.from}${u.to > u.from ? `–${u.to}` : ''}`);
    }
    const took = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      r.problems.length
        ? `审计日志校验失败 audit log broken: ${r.problems.length} problem(s) in ${r.entries} entries`
        : `审计日志完整 audit log intact: ${r.entries} entries in ${r.chains} chains, ${r.checkpoints} checkpoints (${took} s)`,
    );
    return r.problems.length ? 1 : 0;
  } finally {
    await database.close();
  }
}

/** No database: the proof's hashes, then the checkpoint's signature and time-stamp against ROOT. */
async function checkProof(file: string, roots: string[] | undefined) {
  let proof: AuditProof;
  try {
    proof = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`无法读取证明 cannot read the proof: ${(e as Error).message}`);
    return 2;
  }
  const problems = checkProofHashes(proof);
  if (!problems.length) {
    if (roots) problems.push(...(await checkCheckpointSignature(proof.checkpoint, roots)));
    else console.log('未给出信任根，签名未核验 no --root given: signature and time-stamp not checked');
  }
  for (const p of problems) console.log(`✘ ${p}`);
  if (problems.length) {
    console.log('证明无效 proof invalid');
    return 1;
  }
  const e = proof.entry;
  console.log(
    `证明有效 proof valid: ${e.aggregate} #${e.aggSeq} ${e.action} at ${e.at} is in checkpoint ${proof.checkpoint.id} (${proof.checkpoint.at}, ${proof.checkpoint.treeSize} chains)`,
  );
  return roots ? 0 : 3;
}
