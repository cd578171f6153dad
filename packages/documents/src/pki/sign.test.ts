// Signatures as a PDF reader sees them: poppler's pdfsig (with the platform root in an NSS
// database made by certutil) and our verifyPdf must agree — valid when untouched, broken by one
// changed byte, both signatures valid after a second incremental signature. (Who must sign
// which kind of document is policy.test.ts; here `signaturesValid` is the cryptographic verdict.)
import { type PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, issueOrganisationCertificate, type Credential } from './keys.ts';
import { signPdf } from './sign.ts';
import { createTimestampAuthority, localTimestamper } from './tsa.ts';
import { verifyPdf } from './verify.ts';
import { renderEContract } from '../render/econtract.ts';
import { sampleEContract } from '../testing/samples.ts';
import { nssDbTrusting, pdfsig, run, writePdf } from '../testing/tools.ts';

let ca: Credential, seller: Credential, notary: Credential, tsaCred: Credential, nss: string, contract: Buffer;

beforeAll(async () => {
  ca = await createRootCa();
  [seller, notary, tsaCred] = await Promise.all([
    issueOrganisationCertificate(ca, {
      name: '中山市翠湖置业发展有限公司',
      kind: 'seller',
      uscc: '91442000MA4UXXXX1K',
    }),
    issueOrganisationCertificate(ca, { name: '广东省中山市公证处', kind: 'notary' }),
    issueOrganisationCertificate(ca, { name: 'netsign', kind: 'tsa' }),
  ]);
  nss = nssDbTrusting(ca.certPem);
  contract = (await renderEContract(sampleEContract())).pdf;
});

const sigBlocks = (out: string) => out.split(/Signature #\d+:/).slice(1);

/** pdfsig says valid + trusted for every signature, qpdf --check is clean, verifyPdf agrees. */
async function expectAllValid(signed: Buffer, count: number): Promise<string> {
  const file = writePdf(signed);
  const blocks = sigBlocks(pdfsig(file, nss).out);
  expect(blocks).toHaveLength(count);
  for (const b of blocks) {
    expect(b).toContain('Signature is Valid.');
    // pdfsig (poppler 22.12 + NSS) cannot validate the same certificate twice in one run; the
    // tests below use a different signer for each signature.
    expect(b).toContain('Certificate is Trusted.');
  }
  const q = run('qpdf', ['--check', file]);
  expect(q.out + q.err).toContain('No syntax or stream encoding errors');
  expect(q.code).toBe(0);
  const v = await verifyPdf(signed, { trustedRoots: [ca.certPem] });
  expect(v.signaturesValid).toBe(true);
  expect(v.signatures).toHaveLength(count);
  return file;
}

/** The signature dictionaries and form fields as qpdf (JSON v2, text strings decoded) reads them. */
function qpdfObjects(file: string): Record<string, { value?: Record<string, unknown> }> {
  const j = JSON.parse(run('qpdf', ['--json=2', '--json-key=qpdf', file]).out) as {
    qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>];
  };
  return j.qpdf[1];
}

describe('signPdf', () => {
  it('makes a PAdES signature that pdfsig reports valid and trusted, naming the seller', async () => {
    const signed = await signPdf(contract, seller, { reason: '出卖人签署电子合同', location: '中山市' });
    const file = writePdf(signed);
    const r = pdfsig(file, nss);
    const [one] = sigBlocks(r.out);
    expect(one).toContain('Signer Certificate Common Name: 中山市翠湖置业发展有限公司');
    expect(one).toContain('Signature Type: ETSI.CAdES.detached');
    expect(one).toContain('Signature Validation: Signature is Valid.');
    expect(one).toContain('Certificate Validation: Certificate is Trusted.');
    expect(one).toContain('Total document signed');
    expect(run('qpdf', ['--check', file]).code).toBe(0);

    const v = await verifyPdf(signed, { trustedRoots: [ca.certPem] });
    expect(v.signaturesValid).toBe(true);
    expect(v.signatures).toHaveLength(1);
    expect(v.signatures[0].signer?.commonName).toBe('中山市翠湖置业发展有限公司');
    expect(v.signatures[0].reason).toBe('出卖人签署电子合同');
    // no TSA configured: the time is only claimed, and the report says so
    expect(v.signatures[0].signingTime.source).toBe('claimed');
  });

  it('is not trusted by pdfsig or verifyPdf when the root is not trusted', async () => {
    const signed = await signPdf(contract, seller, { reason: 'x' });
    const other = await createRootCa({ name: 'another root' });
    expect(sigBlocks(pdfsig(writePdf(signed), nssDbTrusting(other.certPem)).out)[0]).not.toContain(
      'Certificate is Trusted.',
    );
    const v = await verifyPdf(signed, { trustedRoots: [other.certPem] });
    expect(v.signatures[0].intact).toBe(true);
    expect(v.signatures[0].trusted).toBe(false);
    expect(v.signaturesValid).toBe(false);
  });

  for (const where of ['before the signature value', 'after the signature value'] as const) {
    it(`one changed byte ${where} breaks the signature for pdfsig and verifyPdf`, async () => {
      const signed = await signPdf(contract, seller, { reason: 'x' });
      const v0 = await verifyPdf(signed, { trustedRoots: [ca.certPem] });
      const [, b, c] = v0.signatures[0].byteRange;
      const pos = where === 'before the signature value' ? Math.floor(b / 2) : c + 5;
      const bad = Buffer.from(signed);
      bad[pos] = bad[pos] === 0x20 ? 0x21 : 0x20;
      const out = sigBlocks(pdfsig(writePdf(bad), nss).out)[0] ?? '';
      expect(out).not.toContain('Signature is Valid.');
      const v = await verifyPdf(bad, { trustedRoots: [ca.certPem] });
      expect(v.signaturesValid).toBe(false);
      expect(v.signatures[0].intact).toBe(false);
    });
  }

  it('keeps the first signature valid when a second one is added, and time-stamps it', async () => {
    const tsa = createTimestampAuthority(tsaCred);
    const one = await signPdf(contract, seller, { reason: '出卖人签署电子合同' });
    const two = await signPdf(one, notary, { reason: '出具公证书', timestamp: localTimestamper(tsa) });
    expect(two.subarray(0, one.length - 1).equals(one.subarray(0, one.length - 1))).toBe(true); // incremental
    const blocks = sigBlocks(pdfsig(writePdf(two), nss).out);
    expect(blocks).toHaveLength(2);
    for (const b of blocks) {
      expect(b).toContain('Signature is Valid.');
      expect(b).toContain('Certificate is Trusted.');
    }
    expect(blocks[1]).toContain('广东省中山市公证处');
    const v = await verifyPdf(two, { trustedRoots: [ca.certPem] });
    expect(v.signaturesValid).toBe(true);
    expect(v.signatures.map((s) => [s.intact, s.coversWholeFile])).toEqual([
      [true, false],
      [true, true],
    ]);
    const t = v.signatures[1].signingTime;
    expect(t.source).toBe('timestamp');
    if (t.source === 'timestamp') {
      expect(t.trusted).toBe(true);
      expect(Math.abs(Date.parse(t.time) - Date.now())).toBeLessThan(60_000);
    }
  });

  it('reports content appended after the last signature', async () => {
    const signed = await signPdf(contract, seller, { reason: 'x' });
    const appended = Buffer.concat([signed, Buffer.from('\n% unsigned revision\n')]);
    const v = await verifyPdf(appended, { trustedRoots: [ca.certPem] });
    expect(v.signatures[0].intact).toBe(true);
    expect(v.modifiedAfterLastSignature).toBe(true);
    expect(v.signaturesValid).toBe(false);
  });

  it('does not trust a time-stamp from an authority outside the trusted roots', async () => {
    const rogueCa = await createRootCa({ name: 'rogue' });
    const rogue = createTimestampAuthority(await issueOrganisationCertificate(rogueCa, { name: 'rogue', kind: 'tsa' }));
    const signed = await signPdf(contract, seller, { reason: 'x', timestamp: localTimestamper(rogue) });
    const v = await verifyPdf(signed, { trustedRoots: [ca.certPem] });
    expect(v.signatures[0].signingTime).toMatchObject({ source: 'timestamp', trusted: false });
    expect(v.signaturesValid).toBe(false);
  });

  it('writes Chinese reason, name and location as UTF-16 text that outside readers decode', async () => {
    const signed = await signPdf(contract, seller, {
      reason: '出卖人签署电子合同（第２０２６号）',
      name: '中山市翠湖置业发展有限公司 张三',
      location: '广东省中山市',
    });
    const file = await expectAllValid(signed, 1);
    expect(sigBlocks(pdfsig(file, nss).out)[0]).toContain('Signer Certificate Common Name: 中山市翠湖置业发展有限公司');
    // pdfsig 22.12 does not print /Reason or /Name; qpdf decodes text strings in its JSON
    const sig = Object.values(qpdfObjects(file))
      .map((o) => o.value)
      .find((d) => d?.['/Type'] === '/Sig');
    expect(sig).toMatchObject({
      '/Reason': 'u:出卖人签署电子合同（第２０２６号）',
      '/Name': 'u:中山市翠湖置业发展有限公司 张三',
      '/Location': 'u:广东省中山市',
      '/SubFilter': '/ETSI.CAdES.detached',
      '/Filter': '/Adobe.PPKLite',
    });
    const v = await verifyPdf(signed, { trustedRoots: [ca.certPem] });
    expect(v.signatures[0]).toMatchObject({ reason: '出卖人签署电子合同（第２０２６号）', location: '广东省中山市' });
  });

  it('signs a page whose /Annots is an indirect reference, keeping its annotations', async () => {
    const doc = await PDFDocument.load(contract);
    const ctx = doc.context;
    const link = ctx.register(
      ctx.obj({
        Type: 'Annot',
        Subtype: 'Link',
        Rect: [60, 60, 200, 80],
        Border: [0, 0, 0],
        A: { S: 'URI', URI: PDFString.of('https://example.org/verify') },
      }),
    );
    doc.getPage(0).node.set(PDFName.of('Annots'), ctx.register(ctx.obj([link])));
    const input = Buffer.from(await doc.save({ useObjectStreams: false }));
    expect(input.toString('latin1')).toMatch(/\/Annots \d+ 0 R/);
    const signed = await signPdf(input, seller, { reason: '出卖人签署电子合同' });
    await expectAllValid(signed, 1);
    const out = await PDFDocument.load(signed);
    const annots = out.getPage(0).node.Annots() as PDFArray;
    const subtypes = annots.asArray().map((r) => out.context.lookup(r, PDFDict).get(PDFName.of('Subtype'))?.toString());
    expect(subtypes).toEqual(['/Link', '/Widget']);
  });

  it('signs a file that already has an incremental update', async () => {
    // a hand-made update: a new /Info object, its xref section and a trailer with /Prev
    const head = contract.toString('latin1');
    const prev = Number(/startxref\s+(\d+)\s*%%EOF\s*$/.exec(head)![1]);
    const trailer = head.slice(head.lastIndexOf('trailer'));
    const size = Number(/\/Size (\d+)/.exec(trailer)![1]);
    const root = /\/Root (\d+ \d+ R)/.exec(trailer)![1];
    const objAt = contract.length + 1;
    const obj = `${size} 0 obj\n<< /Title <${Buffer.from('\ufeff已更新的合同', 'utf16le').swap16().toString('hex')}> /Producer (netsign test) >>\nendobj\n`;
    const xrefAt = objAt + obj.length;
    const update = `\n${obj}xref\n${size} 1\n${String(objAt).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${size + 1} /Root ${root} /Info ${size} 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    const updated = Buffer.concat([contract, Buffer.from(update, 'latin1')]);
    expect(run('qpdf', ['--check', writePdf(updated)]).code).toBe(0);

    const signed = await signPdf(updated, seller, { reason: '出卖人签署电子合同' });
    const file = await expectAllValid(signed, 1);
    expect(run('pdfinfo', [file]).out).toMatch(/Title:\s+已更新的合同/);
    const twice = await signPdf(signed, notary, { reason: '出具公证书' });
    await expectAllValid(twice, 2);
  });

  it('signs pdf-lib output with object streams and a cross-reference stream, twice', async () => {
    const input = Buffer.from(await (await PDFDocument.load(contract)).save({ useObjectStreams: true }));
    expect(input.toString('latin1')).toContain('/Type /XRef');
    const one = await signPdf(input, seller, { reason: '出卖人签署电子合同' });
    await expectAllValid(one, 1);
    const two = await signPdf(one, notary, { reason: '出具公证书' });
    const file = await expectAllValid(two, 2);
    const form = JSON.parse(run('qpdf', ['--json=2', '--json-key=acroform', file]).out) as {
      acroform: { fields: { fullname: string; fieldtype: string; pageposfrom1: number }[] };
    };
    expect(form.acroform.fields.map((f) => [f.fullname, f.fieldtype, f.pageposfrom1])).toEqual([
      ['Signature1', '/Sig', 1],
      ['Signature2', '/Sig', 1],
    ]);
  });

  it('keeps the first field in the AcroForm when a second signature is added to a table-xref file', async () => {
    const one = await signPdf(contract, seller, { reason: '出卖人签署电子合同' });
    const two = await signPdf(one, notary, { reason: '出具公证书' });
    const file = await expectAllValid(two, 2);
    const form = JSON.parse(run('qpdf', ['--json=2', '--json-key=acroform', file]).out) as {
      acroform: { fields: { fullname: string; annotation: { annotationflags: number } }[] };
    };
    expect(form.acroform.fields.map((f) => [f.fullname, f.annotation.annotationflags])).toEqual([
      ['Signature1', 132],
      ['Signature2', 132],
    ]);
  });
});
