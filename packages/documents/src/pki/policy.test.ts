// The verify policy as an attacker meets it: genuine documents pass (and pdfsig, mutool and
// openssl ts agree), forged ones fail with the reason named — edited then re-signed by a seller,
// a TSA or another notary office; signed by the seller alone; a buyer signing with another
// buyer's certificate; a change after a DocMDP level-1 certification. PDFs signed elsewhere with
// SHA-512, RSA-PSS and ECDSA verify.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, issueOrganisationCertificate, type Credential } from './keys.ts';
import { issueEventCertificate } from './event-certificate.ts';
import { embedCms, preparePdf, signPdf } from './sign.ts';
import { createTimestampAuthority, localTimestamper, type TimestampFn } from './tsa.ts';
import { verifyPdf, type VerifyReport } from './verify.ts';
import { renderEContract } from '../render/econtract.ts';
import { renderCertificate } from '../render/certificate.ts';
import { renderNotaryApplication } from '../render/notary-forms.ts';
import { sampleCertificate, sampleEContract, sampleNotaryCase } from '../testing/samples.ts';
import { nssDbTrusting, pdfsig, run, tmp, writePdf } from '../testing/tools.ts';
import { editPage } from '../testing/forge.ts';

let ca: Credential,
  seller: Credential,
  notary: Credential,
  otherNotary: Credential,
  tsaCred: Credential,
  stamp: TimestampFn,
  nss: string;
const BUSINESS_NO = sampleEContract().businessNumber;

async function buyerCredential(buyerIndex: number, name: string, reference = BUSINESS_NO): Promise<Credential> {
  // a key made here stands in for the phone's (event-certificate.test.ts signs with WebCrypto)
  const k = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const certPem = await issueEventCertificate(ca, k.publicKey.export({ type: 'spki', format: 'der' }), {
    name,
    idHash: `SHA256:${'ab'.repeat(16)}`,
    verification: buyerIndex === 0 ? 'face' : 'document-video',
    context: { reference, caseNumber: '(2026)粤中山受字第0456号', buyerIndex },
    validMinutes: 60,
  });
  return { keyPem: k.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, certPem, chainPem: [ca.certPem] };
}

const codes = (r: VerifyReport) => r.problems.map((p) => p.code);
const verify = (pdf: Buffer) => verifyPdf(pdf, { trustedRoots: [ca.certPem] });

/** pdfsig: every signature valid and trusted; mutool: every signature's digest checks out. */
function toolsAccept(pdf: Buffer, count: number): void {
  const file = writePdf(pdf);
  const blocks = pdfsig(file, nss)
    .out.split(/Signature #\d+:/)
    .slice(1);
  expect(blocks).toHaveLength(count);
  for (const b of blocks) {
    expect(b).toContain('Signature is Valid.');
    expect(b).toContain('Certificate is Trusted.');
  }
  const m = run('mutool', ['sign', '-v', file]);
  const checks = m.out.split(/Verifying signature/).slice(1);
  expect(checks).toHaveLength(count);
  // mutool 1.21 has no trust store option: it reports the chain as self-signed, and for earlier
  // signatures that later revisions exist; what it must never say is that the digest is wrong
  for (const c of checks)
    expect(c).toMatch(
      /The document is unchanged since signing|The signature is valid but there have been edits since signing|changes made since signing are permitted/,
    );
  expect(m.out).not.toMatch(/Digest error|signature is not valid/i);
}

async function fullySignedContract(): Promise<Buffer> {
  const data = sampleEContract();
  let pdf = await signPdf((await renderEContract(data)).pdf, seller, {
    reason: `电子合同 ${BUSINESS_NO}`,
    docMdp: 2,
    timestamp: stamp,
  });
  for (const [i, b] of data.buyers.entries())
    pdf = await signPdf(pdf, await buyerCredential(i, b.name), {
      reason: `买受人签署 ${BUSINESS_NO}`,
      timestamp: stamp,
    });
  return pdf;
}

let contract: Buffer, certificate: Buffer;

beforeAll(async () => {
  ca = await createRootCa();
  [seller, notary, otherNotary, tsaCred] = await Promise.all([
    issueOrganisationCertificate(ca, {
      name: '中山市翠湖置业发展有限公司',
      kind: 'seller',
      uscc: '91442000MA4UXXXX1K',
    }),
    issueOrganisationCertificate(ca, { name: '广东省中山市公证处', kind: 'notary', uscc: '12442000MB2C11111X' }),
    issueOrganisationCertificate(ca, { name: '广东省珠海市公证处', kind: 'notary', uscc: '12440400MB2C22222Y' }),
    issueOrganisationCertificate(ca, { name: 'netsign', kind: 'tsa' }),
  ]);
  stamp = localTimestamper(createTimestampAuthority(tsaCred));
  nss = nssDbTrusting(ca.certPem);
  contract = await fullySignedContract();
  certificate = await signPdf((await renderCertificate(sampleCertificate(contract))).pdf, notary, {
    reason: '出具公证书 (2026)粤中山证字第1234号',
    docMdp: 1,
    timestamp: stamp,
  });
}, 120_000);

describe('genuine documents', () => {
  it('the e-contract: seller certification (DocMDP 2) then every buyer — valid, and pdfsig and mutool accept all three', async () => {
    const r = await verify(contract);
    expect(codes(r)).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.kind).toBe('econtract');
    expect(r.signatures.map((s) => [s.role, s.type, s.docMdp ?? null, s.context?.buyerIndex ?? null])).toEqual([
      ['seller', 'certification', 2, null],
      ['buyer', 'approval', null, 0],
      ['buyer', 'approval', null, 1],
    ]);
    expect(r.signatures.every((s) => s.signingTime.source === 'timestamp' && s.signingTime.trusted)).toBe(true);
    toolsAccept(contract, 3);
  });

  it('the 公证书: the notary office certifies with DocMDP 1, and the signed e-contract inside it extracts and verifies', async () => {
    const r = await verify(certificate);
    expect(codes(r)).toEqual([]);
    expect(r.kind).toBe('certificate');
    expect(r.facts.reference).toBe('(2026)粤中山证字第1234号');
    expect(r.signatures[0]).toMatchObject({ role: 'notary', type: 'certification', docMdp: 1, coversWholeFile: true });
    toolsAccept(certificate, 1);
    const dir = tmp();
    const file = writePdf(certificate, dir, 'cert.pdf');
    expect(run('pdfdetach', ['-list', file]).out).toContain(`电子合同-${BUSINESS_NO}.pdf`);
    expect(run('pdfdetach', ['-save', '1', '-o', join(dir, 'ec.pdf'), file]).code).toBe(0);
    const inner = readFileSync(join(dir, 'ec.pdf'));
    expect(inner.equals(contract)).toBe(true);
    expect((await verify(inner)).valid).toBe(true);
  });
});

describe('forged documents are rejected, with the reason', () => {
  for (const [who, key] of [
    ['the seller', () => seller],
    ['the time-stamp authority', () => tsaCred],
    ['another notary office', () => otherNotary],
  ] as const) {
    it(`a 公证书 edited after the notary signed, then signed again by ${who}`, async () => {
      const edited = await editPage(certificate, 1);
      const forged = await signPdf(edited, key(), { reason: '更正' });
      const r = await verify(forged);
      expect(r.valid).toBe(false);
      expect(r.signatures[0].intact).toBe(true); // the notary's signature still checks out over its revision
      expect(codes(r)).toContain('CHANGED_AFTER_CERTIFICATION');
      expect(codes(r)).toContain('EXTRA_SIGNATURE');
      expect(r.problems.find((p) => p.code === 'CHANGED_AFTER_CERTIFICATION')?.en).toMatch(
        /page content|annotation|signature was added/,
      );
      if (who === 'the time-stamp authority') expect(codes(r)).toContain('KEY_NOT_FOR_DOCUMENTS');
      expect(r.verdict.zh).toMatch(/^无效/);
    });
  }

  it('a 公证书 signed by the seller alone', async () => {
    const forged = await signPdf((await renderCertificate(sampleCertificate(contract))).pdf, seller, {
      reason: '出具公证书',
      docMdp: 1,
    });
    const r = await verify(forged);
    expect(r.signatures[0].intact && r.signatures[0].trusted).toBe(true);
    expect(r.valid).toBe(false);
    expect(codes(r)).toContain('WRONG_SIGNER');
  });

  it('a 公证书 with an approval signature instead of a certification', async () => {
    const r = await verify(
      await signPdf((await renderCertificate(sampleCertificate(contract))).pdf, notary, { reason: '出具公证书' }),
    );
    expect(codes(r)).toEqual(['NOT_CERTIFIED']);
  });

  it('any change after a DocMDP level-1 certification, even without a new signature', async () => {
    const r = await verify(await editPage(certificate, 0));
    expect(codes(r)).toEqual(expect.arrayContaining(['APPENDED_AFTER_SIGNING', 'CHANGED_AFTER_CERTIFICATION']));
  });

  it('an e-contract where a buyer signs with another buyer’s certificate', async () => {
    const data = sampleEContract();
    let pdf = await signPdf((await renderEContract(data)).pdf, seller, { reason: 'x', docMdp: 2 });
    const first = await buyerCredential(0, data.buyers[0].name);
    pdf = await signPdf(pdf, first, { reason: 'buyer 1' });
    pdf = await signPdf(pdf, first, { reason: 'buyer 2, with buyer 1’s certificate' });
    const r = await verify(pdf);
    expect(r.signaturesValid).toBe(true);
    expect(codes(r)).toEqual(['BUYER_DUPLICATE', 'BUYER_SIGNATURE_MISSING']);
  });

  it('an e-contract signed by a buyer certificate issued for another contract, or by the seller alone', async () => {
    const data = sampleEContract();
    const sealed = await signPdf((await renderEContract(data)).pdf, seller, { reason: 'x', docMdp: 2 });
    expect(codes(await verify(sealed))).toEqual(['BUYER_SIGNATURE_MISSING']);
    const other = await signPdf(sealed, await buyerCredential(0, data.buyers[0].name, 'WQ2026031500999'), {
      reason: 'buyer',
    });
    expect(codes(await verify(other))).toContain('BUYER_NOT_OF_CONTRACT');
  });

  it('an e-contract whose page was changed between the seller’s and the buyers’ signatures', async () => {
    const data = sampleEContract();
    const sealed = await signPdf((await renderEContract(data)).pdf, seller, { reason: 'x', docMdp: 2 });
    let pdf = await editPage(sealed, 3);
    for (const [i, b] of data.buyers.entries())
      pdf = await signPdf(pdf, await buyerCredential(i, b.name), { reason: 'buyer' });
    const r = await verify(pdf);
    expect(codes(r)).toEqual(['CHANGED_AFTER_CERTIFICATION']);
  });

  it('a buyer’s 申请表 signed by the buyer it belongs to passes; by the other buyer it fails', async () => {
    const data = sampleEContract();
    const form = (await renderNotaryApplication(sampleNotaryCase({ buyer: data.buyers[1], buyerIndex: 1 }))).pdf;
    expect(
      codes(await verify(await signPdf(form, await buyerCredential(1, data.buyers[1].name), { reason: '申请' }))),
    ).toEqual([]);
    expect(
      codes(await verify(await signPdf(form, await buyerCredential(0, data.buyers[0].name), { reason: '申请' }))),
    ).toEqual(['BUYER_NOT_OF_CONTRACT']);
    expect(codes(await verify(await signPdf(form, notary, { reason: '申请' })))).toEqual(['WRONG_SIGNER']);
  });
});

describe('PDFs signed elsewhere (openssl cms)', () => {
  // a root and a signer made with openssl, as another CA would; the PDF's placeholder is ours
  function opensslSigner(dir: string, keyAlg: string[]): { root: string; cert: string; key: string } {
    const sh = (args: string[]) => {
      const r = run('openssl', args);
      if (r.code) throw new Error(r.err);
    };
    const ext = join(dir, 'ext.cnf');
    writeFileSync(
      ext,
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n',
    );
    sh([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'ca.key'),
      '-out',
      join(dir, 'ca.pem'),
      '-subj',
      '/CN=Other CA',
      '-days',
      '30',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    sh([
      'req',
      '-new',
      ...keyAlg,
      '-nodes',
      '-keyout',
      join(dir, 'signer.key'),
      '-out',
      join(dir, 'signer.csr'),
      '-subj',
      '/CN=Somebody Else',
    ]);
    sh([
      'x509',
      '-req',
      '-in',
      join(dir, 'signer.csr'),
      '-CA',
      join(dir, 'ca.pem'),
      '-CAkey',
      join(dir, 'ca.key'),
      '-CAcreateserial',
      '-out',
      join(dir, 'signer.pem'),
      '-days',
      '10',
      '-extfile',
      ext,
    ]);
    return {
      root: readFileSync(join(dir, 'ca.pem'), 'utf8'),
      cert: join(dir, 'signer.pem'),
      key: join(dir, 'signer.key'),
    };
  }

  for (const [name, keyAlg, md, extra] of [
    ['RSA PKCS#1 v1.5 with SHA-512', ['-newkey', 'rsa:2048'], 'sha512', []],
    ['RSA-PSS with SHA-256', ['-newkey', 'rsa:2048'], 'sha256', ['-keyopt', 'rsa_padding_mode:pss']],
    ['ECDSA P-256 with SHA-256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'sha256', []],
    ['ECDSA P-384 with SHA-384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'], 'sha384', []],
  ] as const) {
    it(`verifies ${name}`, async () => {
      const dir = tmp();
      const s = opensslSigner(dir, [...keyAlg]);
      const p = preparePdf((await renderEContract(sampleEContract())).pdf, {
        reason: 'signed elsewhere',
        name: 'Somebody Else',
      });
      writeFileSync(join(dir, 'content.bin'), Buffer.concat(p.content));
      const r = run('openssl', [
        'cms',
        '-sign',
        '-binary',
        '-in',
        join(dir, 'content.bin'),
        '-signer',
        s.cert,
        '-inkey',
        s.key,
        '-md',
        md,
        ...extra,
        '-outform',
        'DER',
        '-out',
        join(dir, 'sig.der'),
      ]);
      expect(r.err).toBe('');
      const signed = embedCms(p, readFileSync(join(dir, 'sig.der')));
      const v = await verifyPdf(signed, { trustedRoots: [s.root] });
      expect(v.signatures[0].problems).toEqual([]);
      expect(v.signatures[0]).toMatchObject({
        intact: true,
        trusted: true,
        fitForDocuments: true,
        role: 'unknown',
        digestAlgorithm: md,
      });
      expect(v.signaturesValid).toBe(true);
      expect(v.signatures[0].signatureAlgorithm).toMatch(
        name.startsWith('RSA-PSS') ? /RSA-PSS/ : name.startsWith('ECDSA') ? /ECDSA/ : /PKCS#1/,
      );
      // one changed signed byte is caught whatever the algorithm
      const bad = Buffer.from(signed);
      bad[100] ^= 1;
      expect((await verifyPdf(bad, { trustedRoots: [s.root] })).signatures[0].intact).toBe(false);
      if (md === 'sha512') {
        const out = pdfsig(writePdf(signed), nssDbTrusting(s.root)).out;
        expect(out).toContain('Signature is Valid.');
      }
    });
  }
});
