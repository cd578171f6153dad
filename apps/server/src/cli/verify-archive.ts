// `netsign verify-archive FILE.asice [--trust root.pem]... [--url SERVER_URL] [--json]`
// Checks a 公证卷宗 offline: every file against the notary office's signed manifest, the signature,
// its time-stamp, the signer (the case's office, chaining to a trusted root) and the case's audit
// chains with their proofs; names every file changed, missing or added. The trusted roots come as
// for `netsign verify --offline`: --trust files (bundles allowed); --url (or NETSIGN_URL) only
// fetches the server's published root and its CRLs, the archive itself is never sent anywhere.
import { fetchCrls, fetchTrustRoot, readInputs } from './trust-inputs';
import { verifyCaseArchive, type CaseArchiveReport } from '../modules/notary/verify-case-archive';

const USAGE =
  'usage: netsign verify-archive FILE.asice [--trust root.pem]... [--url SERVER_URL | env NETSIGN_URL] [--offline] [--json]';

interface Args {
  file?: string;
  trust: string[];
  url?: string;
  json: boolean;
}

function parse(args: string[]): Args | string {
  const a: Args = { trust: [], url: process.env.NETSIGN_URL?.replace(/\/+$/, '') || undefined, json: false };
  for (let i = 0; i < args.length; i++) {
    const x = args[i];
    if (x === '--trust') {
      const v = args[++i];
      if (!v) return '--trust needs a PEM file';
      a.trust.push(v);
    } else if (x === '--url') {
      const v = args[++i];
      if (!v) return '--url needs the server address';
      a.url = v.replace(/\/+$/, '');
    } else if (x === '--offline') a.url = undefined;
    else if (x === '--json') a.json = true;
    else if (x === '-h' || x === '--help') return '';
    else if (x.startsWith('-')) return `unknown option ${x}`;
    else if (!a.file) a.file = x;
    else return `unexpected argument ${x}`;
  }
  if (!a.file) return 'no file given';
  return a;
}

export async function run(args: string[]): Promise<number> {
  const a = parse(args);
  if (typeof a === 'string') {
    if (a) console.error(a);
    console.error(USAGE);
    return a ? 2 : 0;
  }
  const input = readInputs(a.file!, a.trust);
  if (typeof input === 'string') {
    console.error(input);
    return 2;
  }
  const { data: zip, roots } = input;
  if (a.url) {
    const failed = await fetchTrustRoot(a.url, roots);
    if (failed) {
      console.error(failed);
      return 2;
    }
  }
  const crls = a.url ? await fetchCrls(a.url, roots) : [];
  if (!roots.length) console.error('warning: no trusted root given (--trust or --url): no signature can be trusted');
  const r = await verifyCaseArchive(zip, { trustedRoots: roots, crls });
  if (a.json) {
    console.log(JSON.stringify({ ok: r.valid, file: a.file, ...r }, null, 2));
    return r.valid ? 0 : 1;
  }
  console.log(describe(a.file!, r).join('\n'));
  return r.valid ? 0 : 1;
}

const yes = (b: boolean | undefined) => (b ? '是 yes' : '否 NO');

function describe(file: string, r: CaseArchiveReport): string[] {
  const s = r.signature;
  const count = (st: string) => r.files.filter((f) => f.status === st).length;
  const t = s?.timestamp;
  return [
    `卷宗 archive:        ${file}`,
    ...(r.case
      ? [
          `案件 case:           ${r.case.businessNo}${r.case.caseNumber ? `  ${r.case.caseNumber}` : ''}  ${r.case.office.name}  （${r.case.status}）`,
        ]
      : []),
    ...(r.decision
      ? [
          `决定 decision:       ${r.decision.outcome}${r.decision.certificateNumber ? `  公证书 ${r.decision.certificateNumber}` : ''}  ${r.decision.decidedAt ?? ''}`,
        ]
      : []),
    `文件 files:          ${count('intact')} 完整 intact, ${count('changed')} 被改动 changed, ${count('missing')} 缺少 missing, ${count('added')} 多出 added`,
    `签名人 signer:       ${s?.signer ? `${s.signer.commonName}  [${s.signer.subject}]  (${s.signer.role})` : 'unknown'}`,
    `清单签名 signature:  完整 intact ${yes(s?.intact)}；可信 trusted ${yes(s?.trusted)}${s?.chain.length ? '  chain: ' + s.chain.map((c) => /CN=([^,]+)/.exec(c)?.[1] ?? c).join(' → ') : ''}`,
    `时间戳 time-stamp:   ${t ? `${t.time} by ${t.authority}${t.trusted ? ', trusted' : `, NOT trusted${t.problem ? ': ' + t.problem : ''}`}` : '无 none'}`,
    ...r.audit.map(
      (c) =>
        `审计链 audit chain:  ${c.aggregate}  ${c.entries} 条 entries, proof ${c.proof}${c.checkpoint ? ` (checkpoint ${c.checkpoint.id}, ${c.checkpoint.at})` : ''}`,
    ),
    ...r.problems.map((p) => `! ${p.zh} — ${p.en}  [${p.code}]`),
    r.valid
      ? '结论 result: 有效 VALID — 卷宗完整，由本案公证处签名，时间戳与审计证明有效'
      : `结论 result: 无效 NOT VALID — ${r.problems.length} 个问题 problem(s)`,
  ];
}
