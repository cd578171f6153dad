// `netsign verify FILE.pdf [--trust root.pem]... [--url SERVER_URL] [--json] [--require-timestamp]`
// Prints, for each signature: signer, signing time (and whether a time-stamp proves it), whether
// the signed bytes are intact, whether the certificate chains to a trusted root; with --url also
// whether the document is the one on record. Exit 0 only when all of that holds.
import { readFileSync } from 'node:fs';
import { verifyPdf, type SignatureReport, type VerifyReport } from '@netsign/documents';

const USAGE = 'usage: netsign verify FILE.pdf [--trust root.pem]... [--url SERVER_URL] [--json] [--require-timestamp]';

interface Args { file?: string; trust: string[]; url?: string; json: boolean; requireTimestamp: boolean }

function parse(args: string[]): Args | string {
  const a: Args = { trust: [], json: false, requireTimestamp: false };
  for (let i = 0; i < args.length; i++) {
    const x = args[i];
    if (x === '--trust') { const v = args[++i]; if (!v) return '--trust needs a PEM file'; a.trust.push(v); }
    else if (x === '--url') { const v = args[++i]; if (!v) return '--url needs the server address'; a.url = v.replace(/\/+$/, ''); }
    else if (x === '--json') a.json = true;
    else if (x === '--require-timestamp') a.requireTimestamp = true;
    else if (x === '-h' || x === '--help') return '';
    else if (x.startsWith('-')) return `unknown option ${x}`;
    else if (!a.file) a.file = x;
    else return `unexpected argument ${x}`;
  }
  if (!a.file) return 'no file given';
  return a;
}

interface RecordCheck { checked: boolean; onRecord?: boolean; detail?: unknown; error?: string }

async function lookUp(url: string, sha256: string): Promise<RecordCheck> {
  try {
    const res = await fetch(`${url}/api/public/documents/by-hash/${sha256}`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
    if (res.status === 404) return { checked: true, onRecord: false };
    if (!res.ok) return { checked: true, error: `HTTP ${res.status}` };
    const body = (await res.json()) as { onRecord?: boolean };
    return { checked: true, onRecord: body.onRecord === true, detail: body };
  } catch (e) {
    return { checked: true, error: (e as Error).message };
  }
}

const yes = (b: boolean) => (b ? '是 yes' : '否 NO');

function describe(s: SignatureReport, requireTimestamp: boolean): string[] {
  const t = s.signingTime;
  const time = t.source === 'timestamp'
    ? `${t.time}  (RFC 3161 时间戳 by ${t.authority}${t.trusted ? ', trusted' : `, NOT trusted${t.problem ? ': ' + t.problem : ''}`})`
    : `${t.time ?? 'unknown'}  (签署方自称时间，无可信时间戳 — signer's claim, no trusted time-stamp${requireTimestamp ? '; REQUIRED' : ''})`;
  return [
    `签名 #${s.index}`,
    `  签署人 signer:        ${s.signer ? `${s.signer.commonName}  [${s.signer.subject}]` : 'unknown'}`,
    `  签署时间 signed at:   ${time}`,
    ...(s.reason ? [`  事由 reason:          ${s.reason}${s.location ? ' @ ' + s.location : ''}`] : []),
    `  内容完整 intact:      ${yes(s.intact)}${s.coversWholeFile ? '' : '  (covers an earlier revision of the file)'}`,
    `  证书可信 trusted:     ${yes(s.trusted)}${s.chain.length ? '  chain: ' + s.chain.map((c) => /CN=([^,]+)/.exec(c)?.[1] ?? c).join(' → ') : ''}`,
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
  let pdf: Buffer;
  const roots: string[] = [];
  try {
    pdf = readFileSync(a.file!);
    for (const f of a.trust) roots.push(readFileSync(f, 'utf8'));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (a.url) {
    try {
      const res = await fetch(`${a.url}/api/public/trust-root`, { signal: AbortSignal.timeout(15_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      roots.push(await res.text());
    } catch (e) {
      console.error(`cannot fetch the trust root from ${a.url}: ${(e as Error).message}`);
      return 2;
    }
  }
  if (!roots.length) console.error('warning: no trusted root given (--trust or --url): no certificate can be trusted');

  const report: VerifyReport = verifyPdf(pdf, { trustedRoots: roots });
  const record = a.url ? await lookUp(a.url, report.sha256) : { checked: false };
  const timestamped = report.signatures.every((s) => s.signingTime.source === 'timestamp');
  const ok = report.valid && (!a.requireTimestamp || timestamped) && (!record.checked || record.onRecord === true);

  if (a.json) {
    console.log(JSON.stringify({ ok, file: a.file, ...report, record }, null, 2));
    return ok ? 0 : 1;
  }
  console.log(`文件 file:     ${a.file}`);
  console.log(`SHA-256:       ${report.sha256}`);
  console.log(`签名数 signatures: ${report.signatures.length}`);
  for (const s of report.signatures) console.log(describe(s, a.requireTimestamp).join('\n'));
  if (report.modifiedAfterLastSignature) console.log('! 最后一个签名之后文件被追加了内容 — content was appended after the last signature');
  for (const p of report.problems) if (!p.startsWith('content was appended')) console.log(`! ${p}`);
  if (record.checked) {
    const r = record as RecordCheck;
    console.log(`备案记录 on record: ${r.error ? `unknown (${r.error})` : yes(r.onRecord === true)}${a.url ? `  (${a.url})` : ''}`);
  }
  console.log(ok ? '结论 result: 有效 VALID' : '结论 result: 无效 NOT VALID');
  return ok ? 0 : 1;
}
