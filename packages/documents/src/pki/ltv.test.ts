// PAdES B-LT and B-LTA (issue 13 item 2), as an auditor in 2045 would check a 公证书: after the
// signature a DSS with every certificate, CRL and OCSP response needed (VRI keyed by the SHA-1 of
// the signature's /Contents), then a document time-stamp. Outside tools read it (pdfsig, mutool,
// qpdf, openssl ts, openssl verify / crl / ocsp on each DSS item); verifyPdf with `at` judges it on the embedded evidence only and names each
// failure: no DSS, a CRL that does not cover the signing time, a revoked signer, an archive
// time-stamp whose TSA certificate expired without renewal, anything else appended.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueOrganisationCertificate } from './keys.ts';
import { signPdf } from './sign.ts';
import { verifyPdf, type VerifyReport } from './verify.ts';
import { addArchiveTimestamp, addValidationData } from './ltv.ts';
import { addDocumentTimestamp } from './doc-timestamp.ts';
import { appendRevision } from './incremental.ts';
import { PdfFile } from './pdf-reader.ts';
import { dictText } from './placeholder.ts';
import { renderCertificate } from '../render/certificate.ts';
import { renderEContract } from '../render/econtract.ts';
import { sampleCertificate, sampleEContract } from '../testing/samples.ts';
import { pkiWorld, type PkiWorld } from '../testing/pki-world.ts';
import { nssDbTrusting, run, signatureToolsVerdict, tmp, writePdf } from '../testing/tools.ts';

const FAR = new Date('2045-01-01T00:00:00Z');
const codes = (r: VerifyReport) => r.problems.map((p) => p.code);
const days = (n: number) => new Date(Date.now() + n * 86400_000);

let w: PkiWorld, unsigned: Buffer, certified: Buffer, lta: Buffer;

beforeAll(async () => {
  w = await pkiWorld();
  unsigned = (await renderCertificate(sampleCertificate((await renderEContract(sampleEContract())).pdf))).pdf;
  certified = await signPdf(unsigned, w.notary, {
    reason: '出具公证书',
    location: '中山市',
    timestamp: w.stamp,
    docMdp: 1,
  });
  lta = await addArchiveTimestamp(certified, {
    trustedRoots: [w.ca.certPem],
    revocation: w.revocation,
    timestamp: w.stamp,
    tsaCertPem: w.tsa.certPem,
  });
}, 120_000);

const finish = (pdf: Buffer, o: Partial<Parameters<typeof addArchiveTimestamp>[1]> = {}) =>
  addArchiveTimestamp(pdf, {
    trustedRoots: [w.ca.certPem],
    revocation: w.revocation,
    timestamp: w.stamp,
    tsaCertPem: w.tsa.certPem,
    ...o,
  });

describe('B-LTA of a 公证书', () => {
  it('adds a DSS (certificates, a CRL, OCSP responses, a VRI entry keyed by SHA-1 of /Contents) and a document time-stamp, and stays valid and certified', async () => {
    const r = await verifyPdf(lta, { trustedRoots: [w.ca.certPem] });
    expect(codes(r)).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.signatures).toHaveLength(1); // the document time-stamp is nobody's signature
    expect(r.signatures[0]).toMatchObject({ role: 'notary', docMdp: 1, level: 'B-LTA', coversWholeFile: false });
    expect(r.documentTimestamps).toEqual([expect.objectContaining({ trusted: true, coversWholeFile: true })]);

    // what qpdf reads in the catalog's /DSS
    const file = writePdf(lta);
    const j = JSON.parse(run('qpdf', ['--json=2', '--json-key=qpdf', '--decode-level=none', file]).out)
      .qpdf[1] as Record<string, { value?: any; stream?: any }>;
    const catalog = Object.values(j).find((o) => o.value?.['/Type'] === '/Catalog')!.value;
    const dss = j[`obj:${catalog['/DSS']}`].value;
    expect(dss['/Certs'].length).toBeGreaterThanOrEqual(4); // notary, root, TSA, OCSP responder
    expect(dss['/CRLs'].length).toBeGreaterThanOrEqual(1);
    expect(dss['/OCSPs'].length).toBeGreaterThanOrEqual(2); // the notary's and the TSA's certificate
    // VRI key: upper-case hex SHA-1 of the signature's /Contents bytes, zero padding included
    const [, b, c] = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(certified.toString('latin1'))!.map(Number);
    const key = createHash('sha1')
      .update(Buffer.from(certified.subarray(b + 1, c - 1).toString('latin1'), 'hex'))
      .digest('hex')
      .toUpperCase();
    expect(Object.keys(dss['/VRI'])).toContain(`/${key}`);
    expect(dss['/VRI'][`/${key}`]['/OCSP'].length).toBeGreaterThanOrEqual(2);
    const q = run('qpdf', ['--check', file]);
    expect(q.code, q.out + q.err).toBe(0);
  });

  it('openssl accepts every item qpdf takes out of the DSS: each certificate chains to the root, each CRL and OCSP response verifies', async () => {
    const file = writePdf(lta);
    const dir = tmp();
    writeFileSync(join(dir, 'root.pem'), w.ca.certPem);
    const j = JSON.parse(run('qpdf', ['--json=2', '--json-key=qpdf', file]).out).qpdf[1] as Record<
      string,
      { value?: any }
    >;
    const catalog = Object.values(j).find((o) => o.value?.['/Type'] === '/Catalog')!.value;
    const dss = j[`obj:${catalog['/DSS']}`].value;
    const take = (ref: string, name: string) => {
      const out = join(dir, name);
      writeFileSync(out, execFileSync('qpdf', [`--show-object=${ref.split(' ')[0]}`, '--raw-stream-data', file]));
      return out;
    };
    const problems: string[] = [];
    dss['/Certs'].forEach((ref: string, i: number) => {
      const pem = join(dir, `c${i}.pem`);
      run('openssl', ['x509', '-inform', 'DER', '-in', take(ref, `c${i}.der`), '-out', pem]);
      const v = run('openssl', ['verify', '-CAfile', join(dir, 'root.pem'), pem]);
      if (!/: OK/.test(v.out)) problems.push(`certificate ${ref}: ${v.out}${v.err}`);
    });
    dss['/CRLs'].forEach((ref: string, i: number) => {
      const v = run('openssl', [
        'crl',
        '-inform',
        'DER',
        '-in',
        take(ref, `r${i}.crl`),
        '-CAfile',
        join(dir, 'root.pem'),
        '-noout',
      ]);
      if (!/verify OK/.test(v.out + v.err)) problems.push(`CRL ${ref}: ${v.out}${v.err}`);
    });
    dss['/OCSPs'].forEach((ref: string, i: number) => {
      const v = run('openssl', [
        'ocsp',
        '-respin',
        take(ref, `o${i}.der`),
        '-CAfile',
        join(dir, 'root.pem'),
        '-resp_text',
      ]);
      if (!/Response verify OK/.test(v.out + v.err) || !/Cert Status: good/.test(v.out))
        problems.push(`OCSP ${ref}: ${v.err}`);
    });
    expect(problems).toEqual([]);
    expect(dss['/Certs'].length + dss['/CRLs'].length + dss['/OCSPs'].length).toBeGreaterThanOrEqual(7);
  });

  it('pdfsig and mutool accept the signature, openssl ts -verify the document time-stamp', async () => {
    const v = await signatureToolsVerdict(writePdf(lta), nssDbTrusting(w.ca.certPem));
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ pdfsig: 2, mutool: 2, docTimestamps: 1 });
  });

  it('passes in 2045 on the embedded evidence alone, at B-LTA; the same file stripped of its DSS fails, named', async () => {
    const far = await verifyPdf(lta, { trustedRoots: [w.ca.certPem], at: FAR, record: 'offline' });
    expect(codes(far)).toEqual([]);
    expect(far.levels).toMatchObject({ embeddedOnly: true, required: 'B-LTA', lowest: 'B-LTA' });

    const stripped = lta.subarray(0, certified.length); // the file as signed: B-T
    const bare = await verifyPdf(stripped, { trustedRoots: [w.ca.certPem], at: FAR });
    expect(bare.valid).toBe(false);
    expect(bare.signatures[0].level).toBe('B-T');
    expect(codes(bare)).toEqual(expect.arrayContaining(['EXPIRED_WITHOUT_LTV', 'LEVEL_BELOW_REQUIRED']));
    expect(bare.problems.find((p) => p.code === 'EXPIRED_WITHOUT_LTV')!.en).toMatch(
      /广东省中山市公证处 expired at 2031.*no CRL or OCSP/,
    );
    // today it is still a valid B-T document: only the long-term judgement needs the evidence
    expect((await verifyPdf(stripped, { trustedRoots: [w.ca.certPem] })).valid).toBe(true);

    // a document time-stamp without validation data is not B-LT either
    const stampOnly = await addDocumentTimestamp(certified, w.stamp);
    const s = await verifyPdf(stampOnly, { trustedRoots: [w.ca.certPem], at: FAR });
    expect(s.signatures[0].level).toBe('B-T');
    expect(codes(s)).toEqual(
      expect.arrayContaining(['EXPIRED_WITHOUT_LTV', 'REVOCATION_DATA_MISSING', 'LEVEL_BELOW_REQUIRED']),
    );
  });

  it('names a CRL whose thisUpdate/nextUpdate do not cover the signing time', async () => {
    w.answer = { crl: true, ocsp: false, crlTimes: { thisUpdate: days(-10), nextUpdate: days(-3) } };
    try {
      const stale = await finish(certified);
      const r = await verifyPdf(stale, { trustedRoots: [w.ca.certPem], at: FAR });
      expect(r.valid).toBe(false);
      const p = r.problems.find((x) => x.code === 'REVOCATION_DATA_NOT_COVERING')!;
      expect(p.en).toContain(`thisUpdate ${days(-10).toISOString().slice(0, 10)}`);
      expect(r.signatures[0].level).toBe('B-T');
    } finally {
      w.answer = { crl: true, ocsp: true };
    }
  });

  it('a signer revoked after its time-stamp keeps the document valid, also after renewal; revoked before, it fails', async () => {
    const office = await issueOrganisationCertificate(w.ca, { name: '广东省中山市公证处', kind: 'notary' });
    const signed = await finish(
      await signPdf(unsigned, office, { reason: '出具公证书', timestamp: w.stamp, docMdp: 1 }),
    );
    w.revoke(office, new Date(Date.now() + 1000), 'keyCompromise');
    await new Promise((r) => setTimeout(r, 1100));
    const renewed = await finish(signed); // the new DSS says: revoked, after the signature's time-stamp
    for (const f of [signed, renewed])
      expect(codes(await verifyPdf(f, { trustedRoots: [w.ca.certPem], at: FAR }))).toEqual([]);
    const later = await verifyPdf(renewed, { trustedRoots: [w.ca.certPem], at: FAR });
    expect(later.signatures[0].levelReasons.map((x) => x.en).join(' ')).toMatch(
      /revoked at .* \(keyCompromise\), after it was used/,
    );

    const early = await issueOrganisationCertificate(w.ca, { name: '广东省中山市公证处', kind: 'notary' });
    w.revoke(early, new Date(Date.now() - 3600_000), 'keyCompromise');
    const late = await finish(await signPdf(unsigned, early, { reason: '出具公证书', timestamp: w.stamp, docMdp: 1 }));
    const r = await verifyPdf(late, { trustedRoots: [w.ca.certPem], at: FAR });
    expect(codes(r)).toContain('CERTIFICATE_REVOKED');
  });

  it('a revocation dated to the second of the use (CRLs carry whole seconds) is not before it; one second earlier is', async () => {
    const usedAt = async (pdf: Buffer) => {
      const t = (await verifyPdf(pdf, { trustedRoots: [w.ca.certPem], at: FAR })).signatures[0].signingTime;
      return new Date(t.time!);
    };
    const wholeSecond = (d: Date, back = 0) => new Date(Math.floor(d.getTime() / 1000) * 1000 - back * 1000);
    const same = await issueOrganisationCertificate(w.ca, { name: '广东省中山市公证处', kind: 'notary' });
    const sameSigned = await signPdf(unsigned, same, { reason: '出具公证书', timestamp: w.stamp, docMdp: 1 });
    w.revoke(same, wholeSecond(await usedAt(sameSigned)), 'superseded');
    const sameReport = await verifyPdf(await finish(sameSigned), { trustedRoots: [w.ca.certPem], at: FAR });
    expect(sameReport.problems.map((p) => p.en)).toEqual([]);

    const before = await issueOrganisationCertificate(w.ca, { name: '广东省中山市公证处', kind: 'notary' });
    const beforeSigned = await signPdf(unsigned, before, { reason: '出具公证书', timestamp: w.stamp, docMdp: 1 });
    w.revoke(before, wholeSecond(await usedAt(beforeSigned), 1), 'superseded');
    const r = await verifyPdf(await finish(beforeSigned), { trustedRoots: [w.ca.certPem], at: FAR });
    expect(codes(r)).toContain('CERTIFICATE_REVOKED');
  });

  it('an archive time-stamp whose TSA certificate expires fails once it has; a renewal added before then keeps the file valid', async () => {
    const short = await w.tsaWith({ years: 3 / 365, name: 'netsign 短期' });
    const first = await finish(certified, { timestamp: short.stamp, tsaCertPem: short.credential.certPem });
    expect(codes(await verifyPdf(first, { trustedRoots: [w.ca.certPem], at: days(1) }))).toEqual([]);
    const expired = await verifyPdf(first, { trustedRoots: [w.ca.certPem], at: days(5) });
    expect(codes(expired)).toEqual(expect.arrayContaining(['ARCHIVE_TIMESTAMP_EXPIRED', 'LEVEL_BELOW_REQUIRED']));

    const renewed = await finish(first); // before the short certificate expires: DSS with its status, then a new time-stamp
    for (const at of [days(5), FAR]) {
      const r = await verifyPdf(renewed, { trustedRoots: [w.ca.certPem], at });
      expect(codes(r)).toEqual([]);
      expect(r.documentTimestamps).toHaveLength(2);
      expect(r.signatures[0].level).toBe('B-LTA');
    }
    expect((await signatureToolsVerdict(writePdf(renewed), nssDbTrusting(w.ca.certPem))).problems).toEqual([]);
  });

  it('after the last signature only validation data and document time-stamps may follow', async () => {
    // validation data appended after the time-stamp (e.g. for the time-stamp itself) is allowed
    const more = await addValidationData(lta, { trustedRoots: [w.ca.certPem], revocation: w.revocation });
    expect(codes(await verifyPdf(more, { trustedRoots: [w.ca.certPem] }))).toEqual([]);

    // a page changed in an update, then time-stamped: named, even though a time-stamp covers it
    const f = new PdfFile(certified);
    const catalog = f.get((f.trailer.get('Root') as { num: number }).num).v as any;
    const pagesRef = catalog.m.get('Pages');
    const pages = f.get(pagesRef.num);
    const edited = appendRevision(
      certified,
      f,
      [{ num: pagesRef.num, gen: pages.gen, body: dictText(pages.v as any, { Rotate: '90' }) }],
      (f.trailer.get('Size') as any).n,
    ).pdf;
    const r = await verifyPdf(await finish(edited), { trustedRoots: [w.ca.certPem] });
    expect(codes(r)).toEqual(expect.arrayContaining(['APPENDED_AFTER_SIGNING', 'CHANGED_AFTER_CERTIFICATION']));
  });

  it('one changed byte in the validation data breaks the document time-stamp, named', async () => {
    const tampered = Buffer.from(lta);
    const at = tampered.indexOf('/CRLs', certified.length);
    tampered[at + 2] ^= 0x01; // "/CRLs" → "/CSLs": the DSS loses its CRLs and the time-stamp no longer matches
    const r = await verifyPdf(tampered, { trustedRoots: [w.ca.certPem] });
    expect(codes(r)).toContain('DOC_TIMESTAMP_INVALID');
    expect(r.documentTimestamps[0].problem).toMatch(/not over this document/);
  });
});
