// PAdES baseline levels (ETSI EN 319 142-1 §6: B-B, B-T, B-LT, B-LTA) and long-term validation at
// a given time with the evidence in the file only — a plain form of ETSI EN 319 102-1 §5.6 (past
// certificate validation with proofs of existence):
//   • a time-stamp proves that what it covers existed at its time (its proof of existence, PoE);
//   • a certificate that has expired by the time judged counts only for what a time-stamp proved
//     to exist before it expired — so the last document time-stamp's TSA chain must still be valid
//     then (renewal adds a new one in time), and each earlier one was secured by the next;
//   • each certificate used (signer, TSA) needs a CRL or OCSP response in the file, by its issuer
//     or an authorised responder, that covers the time of use: issued after it, or current then
//     (thisUpdate ≤ time ≤ nextUpdate), and issued while the certificate was still valid;
//   • revoked at or before the time of use fails; revoked later stands — unless the reason is a
//     key compromise and nothing proved the signature existed before the revocation.
import type * as pkijs from 'pkijs';
import * as pk from 'pkijs';
import { chainOf, isSelfIssued, keyId } from './cert-chain.ts';
import { nameText } from './cms-check.ts';
import type { DocTimestampMaterial } from './doc-timestamp.ts';
import type { Dss } from './dss.ts';
import { finding, type Finding } from './policy.ts';
import { readCrl, readOcspResponse, REASON_LABEL, revokedBeforeUse, type RevocationReason } from './revocation.ts';

export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
export const PADES_LEVELS: PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];
export type Text = { zh: string; en: string };

/** What verify.ts found of one CAdES signature. */
export interface SignatureMaterial {
  index: number;
  end: number; // the revision it closes
  intact: boolean;
  signer?: pkijs.Certificate;
  certs: pkijs.Certificate[];
  /** its signature time-stamp, when the token verifies */
  timestamp?: { genTime: Date; tsa?: pkijs.Certificate; certs: pkijs.Certificate[] };
}

export interface LevelReport {
  index: number;
  level: PadesLevel | null;
  reasons: Text[];
}
export interface LongTermResult {
  signatures: LevelReport[];
  /** per document time-stamp: whether it still proves its time at `at` */
  timestamps: { index: number; valid: boolean }[];
  /** what fails at `at` on the embedded evidence (named findings) */
  findings: Finding[];
}

const COMPROMISE = new Set<RevocationReason>(['keyCompromise', 'cACompromise', 'aACompromise', 'unspecified']);
const day = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const cn = (c: pkijs.Certificate) => /CN=([^,]+)/.exec(nameText(c.subject))?.[1] ?? nameText(c.subject);
const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

type Status =
  | { ok: true; used: number[] /* offsets of the evidence relied on */; note?: Text }
  | { ok: false; code: 'missing' | 'not-covering' | 'revoked'; zh: string; en: string };

export async function judgeLongTerm(o: {
  sigs: SignatureMaterial[];
  stamps: (DocTimestampMaterial & { index: number })[];
  dss: Dss;
  roots: pkijs.Certificate[];
  at: Date;
}): Promise<LongTermResult> {
  const { at, roots, dss } = o;
  const pool = dss.certs.flatMap((i) => {
    try {
      return [pk.Certificate.fromBER(ab(i.der))];
    } catch {
      return [];
    }
  });
  const findings: Finding[] = [];
  const valid = o.stamps.map(() => false);

  /** The earliest time a still-valid document time-stamp proves `offset` existed (or undefined). */
  const poeOf = (offset: number, provisional = -1): Date | undefined => {
    let best: Date | undefined;
    o.stamps.forEach((s, j) => {
      if (s.end > offset && s.genTime && (valid[j] || j === provisional) && (!best || s.genTime < best))
        best = s.genTime;
    });
    return best;
  };

  const crlCache = new Map<string, ReturnType<typeof readCrl>>();
  /** The status of `cert` at `useTime` from the file's CRLs and OCSP responses. */
  async function statusAt(
    cert: pkijs.Certificate,
    issuer: pkijs.Certificate,
    useTime: Date,
    poeUse: Date,
    provisional: number,
  ): Promise<Status> {
    const covering: { offset: number; revokedAt?: Date; reason?: RevocationReason }[] = [];
    const stale: string[] = [];
    const unusable: string[] = [];
    const covers = (thisUpdate: Date, nextUpdate?: Date) =>
      thisUpdate.getTime() >= useTime.getTime() - 1000 ||
      (!!nextUpdate && thisUpdate <= useTime && useTime <= nextUpdate);
    for (const item of dss.crls) {
      const key = `${item.sha256}:${keyId(issuer)}`;
      if (!crlCache.has(key))
        crlCache.set(
          key,
          readCrl(item.der, issuer).catch(() => null),
        );
      const f = await crlCache.get(key)!;
      if (!f || (f.issuerKeyId && f.issuerKeyId !== keyId(issuer))) continue; // another CA's, or not signed by this one
      const poe = poeOf(item.offset, provisional) ?? at;
      if (issuer.notAfter.value < poe) {
        unusable.push(`CRL ${day(f.thisUpdate)}: its issuer's certificate expired before a time-stamp secured it`);
        continue;
      }
      if (f.thisUpdate > cert.notAfter.value) {
        unusable.push(`CRL ${day(f.thisUpdate)}: issued after the certificate expired`);
        continue;
      }
      if (!covers(f.thisUpdate, f.nextUpdate)) {
        stale.push(`CRL thisUpdate ${day(f.thisUpdate)}, nextUpdate ${f.nextUpdate ? day(f.nextUpdate) : '—'}`);
        continue;
      }
      const hit = f.revoked.find(
        (r) => r.serial === Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
      );
      covering.push({ offset: item.offset, revokedAt: hit?.revokedAt, reason: hit?.reason });
    }
    for (const item of dss.ocsps) {
      const f = await readOcspResponse(item.der, cert, issuer).catch(() => undefined);
      if (!f || !f.thisUpdate) continue; // not about this certificate
      if (!f.signatureOk || !f.responderAuthorized) {
        unusable.push(`OCSP ${day(f.producedAt)}: not signed by the issuer or a responder it authorised`);
        continue;
      }
      if (f.status.status === 'unknown') {
        unusable.push(`OCSP ${day(f.producedAt)}: the responder did not know the certificate`);
        continue;
      }
      const r = f.responder;
      if (f.producedAt < r.notBefore.value || f.producedAt > r.notAfter.value) {
        unusable.push(`OCSP ${day(f.producedAt)}: the responder's certificate was not valid then`);
        continue;
      }
      const poe = poeOf(item.offset, provisional) ?? at;
      if (r.notAfter.value < poe) {
        unusable.push(
          `OCSP ${day(f.producedAt)}: the responder's certificate expired before a time-stamp secured the response`,
        );
        continue;
      }
      if (f.thisUpdate > cert.notAfter.value) {
        unusable.push(`OCSP ${day(f.thisUpdate)}: issued after the certificate expired`);
        continue;
      }
      if (!covers(f.thisUpdate, f.nextUpdate)) {
        stale.push(`OCSP thisUpdate ${day(f.thisUpdate)}, nextUpdate ${f.nextUpdate ? day(f.nextUpdate) : '—'}`);
        continue;
      }
      covering.push({
        offset: item.offset,
        ...(f.status.status === 'revoked' ? { revokedAt: f.status.revokedAt, reason: f.status.reason } : {}),
      });
    }
    const who = `${cn(cert)}（序列号 ${Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex')}）`;
    if (!covering.length) {
      if (stale.length)
        return {
          ok: false,
          code: 'not-covering',
          zh: `证书 ${who} 的吊销信息未覆盖使用时间 ${day(useTime)}（${stale.join('；')}）`,
          en: `the revocation data for ${cn(cert)} does not cover the time it was used, ${day(useTime)} (${stale.join('; ')})`,
        };
      const why = unusable.length ? `; unusable: ${unusable.join('; ')}` : '';
      return {
        ok: false,
        code: 'missing',
        zh: `文件中没有证书 ${who} 在 ${day(useTime)} 的吊销信息（CRL/OCSP）${unusable.length ? `（不可用：${unusable.join('；')}）` : ''}`,
        en: `the file has no CRL or OCSP response on ${cn(cert)} for ${day(useTime)}${why}`,
      };
    }
    const before = covering.find((c) => c.revokedAt && revokedBeforeUse(c.revokedAt, useTime));
    if (before)
      return {
        ok: false,
        code: 'revoked',
        zh: `证书 ${who} 已于 ${day(before.revokedAt!)} 吊销（${REASON_LABEL[before.reason!]}），不晚于使用时间 ${day(useTime)}`,
        en: `${cn(cert)} was revoked at ${day(before.revokedAt!)} (${before.reason}), not after it was used at ${day(useTime)}`,
      };
    const compromised = covering.find((c) => c.revokedAt && COMPROMISE.has(c.reason!) && poeUse > c.revokedAt);
    if (compromised)
      return {
        ok: false,
        code: 'revoked',
        zh: `证书 ${who} 已于 ${day(compromised.revokedAt!)} 因${REASON_LABEL[compromised.reason!]}吊销，而证明签名存在的时间戳（${day(poeUse)}）晚于吊销`,
        en: `${cn(cert)} was revoked for ${compromised.reason} at ${day(compromised.revokedAt!)}, before any time-stamp proved its use (${day(poeUse)})`,
      };
    const later = covering.find((c) => c.revokedAt);
    return {
      ok: true,
      used: covering.filter((c) => !c.revokedAt || c === later).map((c) => c.offset),
      note: later
        ? {
            zh: `${cn(cert)} 于 ${day(later.revokedAt!)} 吊销（${REASON_LABEL[later.reason!]}），晚于使用时间，不影响`,
            en: `${cn(cert)} was revoked at ${day(later.revokedAt!)} (${later.reason}), after it was used: this stands`,
          }
        : undefined,
    };
  }

  /** Every certificate of `leaf`'s chain but the root: expired before `poe`? status at `useTime`? */
  async function chainEvidence(
    leaf: pkijs.Certificate,
    certs: pkijs.Certificate[],
    useTime: Date,
    poe: Date,
    provisional: number,
  ) {
    const { chain, rooted } = chainOf(leaf, [...certs, ...pool], roots);
    const expired = chain.find((c) => c.notAfter.value < poe);
    const statuses: Status[] = [];
    for (let i = 0; i + 1 < chain.length; i++)
      if (!isSelfIssued(chain[i])) statuses.push(await statusAt(chain[i], chain[i + 1], useTime, poe, provisional));
    return { rooted, expired, statuses, chainExpiredAtAt: chain.find((c) => c.notAfter.value < at) };
  }

  const evidenceFinding = (s: Exclude<Status, { ok: true }>, what: Text, expiredCert?: pkijs.Certificate): Finding => {
    if (s.code === 'revoked') return finding('CERTIFICATE_REVOKED', `${what.zh}：${s.zh}`, `${what.en}: ${s.en}`);
    if (s.code === 'not-covering')
      return finding('REVOCATION_DATA_NOT_COVERING', `${what.zh}：${s.zh}`, `${what.en}: ${s.en}`);
    if (expiredCert)
      return finding(
        'EXPIRED_WITHOUT_LTV',
        `${what.zh}：证书 ${cn(expiredCert)} 已于 ${day(expiredCert.notAfter.value)} 过期，且${s.zh}`,
        `${what.en}: ${cn(expiredCert)} expired at ${day(expiredCert.notAfter.value)} and ${s.en}`,
      );
    return finding('REVOCATION_DATA_MISSING', `${what.zh}：${s.zh}`, `${what.en}: ${s.en}`);
  };

  // document time-stamps, newest first: each is secured by the next valid one, the last by `at`
  for (let k = o.stamps.length - 1; k >= 0; k--) {
    const st = o.stamps[k];
    if (!st.ok || !st.tsa || !st.genTime) continue; // broken: verify names it (DOC_TIMESTAMP_INVALID)
    const poe = poeOf(st.end) ?? at;
    const what = {
      zh: `文件时间戳 #${st.index}（${day(st.genTime)}）`,
      en: `document time-stamp #${st.index} (${day(st.genTime)})`,
    };
    const e = await chainEvidence(st.tsa, st.certs, st.genTime, poe, k);
    let ok = e.rooted;
    if (e.expired) {
      ok = false;
      findings.push(
        poe === at
          ? finding(
              'ARCHIVE_TIMESTAMP_EXPIRED',
              `${what.zh}：时间戳服务证书 ${cn(e.expired)} 已于 ${day(e.expired.notAfter.value)} 过期，早于核验时间 ${day(at)}，其后没有续加的存档时间戳`,
              `${what.en}: the TSA certificate ${cn(e.expired)} expired at ${day(e.expired.notAfter.value)}, before ${day(at)}, and no archive time-stamp was added after it`,
            )
          : finding(
              'CERTIFICATE_EXPIRED_NO_POE',
              `${what.zh}：时间戳服务证书 ${cn(e.expired)} 已于 ${day(e.expired.notAfter.value)} 过期，早于下一个时间戳（${day(poe)}）`,
              `${what.en}: the TSA certificate ${cn(e.expired)} expired at ${day(e.expired.notAfter.value)}, before the next time-stamp secured it (${day(poe)})`,
            ),
      );
    }
    for (const s of e.statuses)
      if (!s.ok) {
        ok = false;
        findings.push(evidenceFinding(s, { zh: `${what.zh}的时间戳服务`, en: `${what.en}, its TSA` }));
      }
    valid[k] = ok;
  }

  const signatures: LevelReport[] = [];
  for (const s of o.sigs) {
    const reasons: Text[] = [];
    if (!s.intact || !s.signer) {
      signatures.push({
        index: s.index,
        level: null,
        reasons: [{ zh: '签名已损坏，达不到任何级别', en: 'the signature is broken: no level' }],
      });
      continue;
    }
    const what = { zh: `签名 #${s.index}`, en: `signature #${s.index}` };
    // the proven time: its own time-stamp, else the first document time-stamp after it
    const covering = o.stamps
      .map((st, j) => ({ st, j }))
      .filter(({ st, j }) => valid[j] && st.end > s.end && st.genTime)
      .sort((a, b) => +a.st.genTime! - +b.st.genTime!)[0];
    const proven = s.timestamp?.genTime ?? covering?.st.genTime;
    let level: PadesLevel = 'B-B';
    reasons.push({
      zh: 'B-B：签名完整，签署证书链可信',
      en: 'B-B: the signature is intact and its certificate chain is trusted',
    });
    if (proven) {
      level = 'B-T';
      reasons.push(
        s.timestamp
          ? {
              zh: `B-T：签名时间戳 ${day(s.timestamp.genTime)}`,
              en: `B-T: signature time-stamp at ${day(s.timestamp.genTime)}`,
            }
          : {
              zh: `B-T：文件时间戳 ${day(proven)} 证明签名存在`,
              en: `B-T: a document time-stamp at ${day(proven)} proves the signature existed`,
            },
      );
    } else
      reasons.push({
        zh: '未达 B-T：没有可信时间戳证明签署时间',
        en: 'not B-T: no trusted time-stamp proves when it was signed',
      });

    const useTime = proven ?? at;
    const poeSig = proven ?? at;
    const signerE = await chainEvidence(s.signer, s.certs, useTime, poeSig, -1);
    const failures: Finding[] = [];
    if (!proven && signerE.chainExpiredAtAt)
      failures.push(
        finding(
          'CERTIFICATE_EXPIRED_NO_POE',
          `${what.zh}：证书 ${cn(signerE.chainExpiredAtAt)} 已于 ${day(signerE.chainExpiredAtAt.notAfter.value)} 过期，且没有时间戳证明签名早于过期`,
          `${what.en}: ${cn(signerE.chainExpiredAtAt)} expired at ${day(signerE.chainExpiredAtAt.notAfter.value)} and no time-stamp proves the signature older`,
        ),
      );
    for (const st of signerE.statuses) if (!st.ok) failures.push(evidenceFinding(st, what, signerE.chainExpiredAtAt));
    let tsE: Awaited<ReturnType<typeof chainEvidence>> | undefined;
    if (s.timestamp?.tsa) {
      const poeToken = poeOf(s.end) ?? at;
      tsE = await chainEvidence(s.timestamp.tsa, s.timestamp.certs, s.timestamp.genTime, poeToken, -1);
      const tsWhat = { zh: `${what.zh}的签名时间戳服务`, en: `${what.en}, its time-stamp authority` };
      if (tsE.expired)
        failures.push(
          finding(
            'CERTIFICATE_EXPIRED_NO_POE',
            `${tsWhat.zh}：证书 ${cn(tsE.expired)} 已于 ${day(tsE.expired.notAfter.value)} 过期，此前没有文件时间戳保全该时间戳`,
            `${tsWhat.en}: ${cn(tsE.expired)} expired at ${day(tsE.expired.notAfter.value)} before a document time-stamp secured the token`,
          ),
        );
      for (const st of tsE.statuses) if (!st.ok) failures.push(evidenceFinding(st, tsWhat, tsE.chainExpiredAtAt));
    }
    const statuses = [...signerE.statuses, ...(tsE?.statuses ?? [])];
    for (const st of statuses) if (st.ok && st.note) reasons.push(st.note);
    const evidenceOk = statuses.every((st) => st.ok) && !tsE?.expired;
    if (level === 'B-T') {
      if (evidenceOk) {
        level = 'B-LT';
        reasons.push({
          zh: `B-LT：文件安全存储（DSS）含证书链及 ${statuses.length} 份有效的吊销信息（CRL/OCSP）`,
          en: `B-LT: the DSS holds the chains and usable revocation data for all ${statuses.length} certificates`,
        });
        const used = statuses.flatMap((st) => (st.ok ? st.used : []));
        const last = Math.max(...used, s.end);
        const lta = o.stamps.map((st, j) => ({ st, j })).find(({ st, j }) => valid[j] && st.end > last);
        if (lta) {
          level = 'B-LTA';
          reasons.push({
            zh: `B-LTA：文件时间戳 ${day(lta.st.genTime!)} 覆盖上述验证数据${o.stamps.filter((x, j) => valid[j] && x.end > last).length > 1 ? '（含续加的存档时间戳）' : ''}`,
            en: `B-LTA: a document time-stamp at ${day(lta.st.genTime!)} covers that validation data`,
          });
        } else
          reasons.push({
            zh: '未达 B-LTA：验证数据之后没有有效的文件时间戳',
            en: 'not B-LTA: no valid document time-stamp after the validation data',
          });
      } else
        reasons.push({
          zh: `未达 B-LT：${failures[0]?.zh ?? '缺少验证数据'}`,
          en: `not B-LT: ${failures[0]?.en ?? 'validation data missing'}`,
        });
    }
    findings.push(...failures);
    signatures.push({ index: s.index, level, reasons });
  }
  return { signatures, timestamps: o.stamps.map((s, k) => ({ index: s.index, valid: valid[k] })), findings };
}

/** The lowest of the levels reached (null when a signature reaches none). */
export const lowestLevel = (levels: (PadesLevel | null)[]): PadesLevel | null =>
  levels.includes(null)
    ? null
    : ((levels as PadesLevel[]).sort((a, b) => PADES_LEVELS.indexOf(a) - PADES_LEVELS.indexOf(b))[0] ?? null);

export const levelAtLeast = (l: PadesLevel | null, need: PadesLevel) =>
  l !== null && PADES_LEVELS.indexOf(l) >= PADES_LEVELS.indexOf(need);
