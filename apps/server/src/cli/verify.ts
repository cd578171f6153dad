// `netsign verify FILE.pdf [--trust root.pem]... [--url SERVER_URL] [--json] [--require-timestamp]`
// Prints, for each signature: signer, signing time (and whether a time-stamp proves it), whether
// the signed bytes are intact, whether the certificate chains to a trusted root; with --url also
// whether the document is the one on record (whenever a server is known: --url or NETSIGN_URL;
// --offline skips it and says so), and whether the document is signed by whom its kind requires
// (policy.ts in @netsign/documents). Each signature's PAdES level (B-B … B-LTA) and why; with --at
// DATE the file is judged as of that date on its embedded evidence only (DSS, time-stamps) and each
// signature must reach the level its kind requires. Exit 0 only when all of that holds.
import { fetchCrls, fetchTrustRoot, readInputs } from './trust-inputs';
import { verifyPdf, type RecordFacts, type SignatureReport, type VerifyReport } from '@netsign/documents';

const USAGE =
  'usage: netsign verify FILE.pdf [--trust root.pem]... [--url SERVER_URL | env NETSIGN_URL] [--offline] [--json] [--require-timestamp] [--at YYYY-MM-DD]';

interface Args {
  file?: string;
  trust: string[];
  url?: string;
  offline: boolean;
  json: boolean;
  requireTimestamp: boolean;
  at?: Date;
}

function parse(args: string[]): Args | string {
  const a: Args = {
    trust: [],
    url: process.env.NETSIGN_URL?.replace(/\/+$/, '') || undefined,
    offline: false,
    json: false,
    requireTimestamp: false,
  };
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
    } else if (x === '--json') a.json = true;
    else if (x === '--offline') a.offline = true;
    else if (x === '--require-timestamp') a.requireTimestamp = true;
    else if (x === '--at') {
      const v = args[++i];
      const d =
        v && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v)
          ? new Date(v.length === 10 ? `${v}T00:00:00Z` : v)
          : undefined;
      if (!d || Number.isNaN(d.getTime())) return '--at needs a date: YYYY-MM-DD or an ISO time';
      a.at = d;
    } else if (x === '-h' || x === '--help') return '';
    else if (x.startsWith('-')) return `unknown option ${x}`;
    else if (!a.file) a.file = x;
    else return `unexpected argument ${x}`;
  }
  if (!a.file) return 'no file given';
  return a;
}

async function lookUp(url: string, sha256: string): Promise<RecordFacts | { error: string }> {
  try {
    const res = await fetch(`${url}/api/public/documents/by-hash/${sha256}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status === 404) return { onRecord: false };
    if (!res.ok) return { error: `HTTP ${res.status}` };
    const body = (await res.json()) as RecordFacts;
    return { ...body, onRecord: body.onRecord === true };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const yes = (b: boolean) => (b ? '是 yes' : '否 NO');

function describe(s: SignatureReport, requireTimestamp: boolean): string[] {
  const t = s.signingTime;
  const time =
    t.source === 'timestamp'
      ? `${t.time}  (RFC 3161 时间戳 by ${t.authority}${t.trusted ? ', trusted' : `, NOT trusted${t.problem ? ': ' + t.problem : ''}`})`
      : `${t.time ?? 'unknown'}  (签署方自称时间，无可信时间戳 — signer's claim, no trusted time-stamp${requireTimestamp ? '; REQUIRED' : ''})`;
  const kind =
    s.type === 'certification'
      ? `认证签名 certification, DocMDP ${s.docMdp}${s.docMdp === 1 ? ' (签署后不得修改 no change allowed)' : s.docMdp === 2 ? ' (仅允许签名 signing only)' : ''}`
      : '批准签名 approval';
  const ctx = s.context
    ? `  [合同 ${s.context.reference}，买受人 ${s.context.buyerIndex + 1}${s.identityVerification ? `，${s.identityVerification === 'face' ? '人脸核验 face' : '证件+视频核验 document + video'}` : ''}]`
    : '';
  return [
    `签名 #${s.index}  ${kind}`,
    `  签署人 signer:        ${s.signer ? `${s.signer.commonName}  [${s.signer.subject}]` : 'unknown'}`,
    `  身份 role:            ${s.roleLabel.zh} ${s.roleLabel.en}${ctx}`,
    `  签署时间 signed at:   ${time}`,
    ...(s.reason ? [`  事由 reason:          ${s.reason}${s.location ? ' @ ' + s.location : ''}`] : []),
    `  覆盖范围 coverage:    ${s.coverage.zh} — ${s.coverage.en}`,
    `  算法 algorithms:      ${s.digestAlgorithm ?? '?'} / ${s.signatureAlgorithm ?? '?'}`,
    `  内容完整 intact:      ${yes(s.intact)}`,
    `  证书可信 trusted:     ${yes(s.trusted)}${s.chain.length ? '  chain: ' + s.chain.map((c) => /CN=([^,]+)/.exec(c)?.[1] ?? c).join(' → ') : ''}`,
    `  可签署文件 key usage: ${yes(s.fitForDocuments)}`,
    `  级别 PAdES level:     ${s.level ?? '无 none'}`,
    ...s.levelReasons.map((r) => `    · ${r.zh} — ${r.en}`),
    `  吊销 revocation:      ${s.revocation.status === 'revoked' ? `已于 ${s.revocation.revokedAt} 吊销（${s.revocation.reasonLabel}）revoked (${s.revocation.reason})${s.revocation.before ? '' : '，晚于时间戳 after the time-stamp: the signature stands'}` : s.revocation.status === 'good' ? '未吊销 not revoked (CRL)' : '未核对 not checked'}`,
    ...s.problems.map((p) => `  ! ${p}`),
  ];
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
  const { data: pdf, roots } = input;
  const url = a.offline ? undefined : a.url;
  if (url) {
    const failed = await fetchTrustRoot(url, roots);
    if (failed) {
      console.error(failed);
      return 2;
    }
  }
  if (!roots.length) console.error('warning: no trusted root given (--trust or --url): no certificate can be trusted');
  // --at judges with the evidence in the file only: no CRL is fetched
  const crls = url && !a.at ? await fetchCrls(url, roots) : [];
  // the on-record check runs whenever a server is known; --offline skips it and the report says so
  const report: VerifyReport = await verifyPdf(pdf, {
    trustedRoots: roots,
    record: url ? (sha) => lookUp(url, sha) : 'offline',
    crls,
    at: a.at,
  });
  const timestamped = report.signatures.every((s) => s.signingTime.source === 'timestamp');
  const ok = report.valid && (!a.requireTimestamp || timestamped);
  if (a.json) {
    console.log(JSON.stringify({ ok, file: a.file, ...report }, null, 2));
    return ok ? 0 : 1;
  }
  console.log(`文件 file:     ${a.file}`);
  console.log(`SHA-256:       ${report.sha256}`);
  console.log(
    `类型 kind:     ${report.kindLabel.zh} ${report.kindLabel.en}${report.facts.reference ? `  (${report.facts.reference})` : ''}`,
  );
  if (report.rule) console.log(`签署要求 rule: ${report.rule.zh} — ${report.rule.en}`);
  if (a.at)
    console.log(
      `核验时间 judged at: ${report.levels.at}  (仅凭文件内的证据 embedded evidence only${report.levels.required ? `; 要求 required: ${report.levels.required}` : ''})`,
    );
  console.log(`签名数 signatures: ${report.signatures.length}`);
  for (const s of report.signatures) console.log(describe(s, a.requireTimestamp).join('\n'));
  for (const t of report.documentTimestamps) {
    console.log(
      `文件时间戳 document time-stamp #${t.index}  ${t.time ?? 'unknown'}  by ${t.authority}${t.trusted ? ', trusted' : `, NOT trusted${t.problem ? ': ' + t.problem : ''}`}${t.tsa ? `  (TSA 证书有效至 valid until ${t.tsa.notAfter})` : ''}`,
    );
  }
  const d = report.dss;
  console.log(
    `验证数据 DSS: ${d ? `${d.certs} 证书 certificates, ${d.crls} CRL, ${d.ocsps} OCSP, ${d.vri} VRI` : '无 none'}`,
  );
  console.log(`最低级别 lowest level: ${report.levels.lowest ?? '无 none'}`);
  const r = report.record;
  if (!r.checked)
    console.log(
      `备案记录 on record: ${r.note.zh} — ${r.note.en}${a.offline ? ' (--offline)' : ' (no --url / NETSIGN_URL)'}`,
    );
  else console.log(`备案记录 on record: ${r.error ? `unknown (${r.error})` : yes(r.onRecord === true)}  (${url})`);
  for (const p of report.problems) console.log(`! ${p.zh} — ${p.en}  [${p.code}]`);
  if (a.requireTimestamp && !timestamped)
    console.log('! 缺少可信时间戳 — a signature has no time-stamp (--require-timestamp)');
  console.log(ok ? '结论 result: 有效 VALID' : '结论 result: 无效 NOT VALID');
  if (report.valid && !ok) console.log('  缺少可信时间戳 — a signature has no trusted time-stamp');
  else console.log(`  ${report.verdict.zh}\n  ${report.verdict.en}`);
  return ok ? 0 : 1;
}

/** The server's CRL of each root it trusts (one per CA of its root history); a server without them gives none. */
