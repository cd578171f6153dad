import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/db';
import { verifyAuditChain } from '../modules/audit/verify-audit-chain';

/** `netsign audit verify`: walks the hash chain; exits 1 and lists every edited, deleted or reordered entry. */
export async function run(args: string[]) {
  if (args[0] !== 'verify') {
    console.error('用法 usage: netsign audit verify');
    return 2;
  }
  const db = await openDatabase(loadConfig());
  try {
    const { entries, problems } = await verifyAuditChain(db.db);
    for (const p of problems) console.log(`✘ #${p.seq} ${p.problem}: ${p.detail}`);
    console.log(problems.length ? `审计日志校验失败 audit log broken: ${problems.length} problem(s) in ${entries} entries` : `审计日志完整 audit log intact: ${entries} entries`);
    return problems.length ? 1 : 0;
  } finally {
    await db.close();
  }
}
