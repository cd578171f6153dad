// PDF/A-3b as an archive's intake checks it: structurally (ISO 19005-3 clauses named beside each
// check) and with the outside tools on this machine (qpdf, pdfinfo, pdffonts, mutool). There is
// no veraPDF here (Java, not in Debian); docs/SIGNATURES.md says what that leaves unchecked.
import { describe, expect, it } from 'vitest';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFRawStream,
  PDFStream,
  decodePDFRawStream,
} from 'pdf-lib';
import { renderEContract } from './render/econtract.ts';
import { renderCertificate } from './render/certificate.ts';
import { renderFilingRecord } from './render/filing-record.ts';
import { sampleCertificate, sampleEContract, sampleFiling } from './testing/samples.ts';
import { nssDbTrusting, pdfsig, run, writePdf } from './testing/tools.ts';
import { pkiWorld } from './testing/pki-world.ts';
import { addArchiveTimestamp } from './pki/ltv.ts';
import { signPdf } from './pki/sign.ts';
import { xmpPacket } from './pdfa.ts';
import { Layout } from './layout.ts';

async function archiveChecks(pdf: Buffer) {
  const problems: string[] = [];
  const need = (ok: unknown, what: string) => {
    if (!ok) problems.push(what);
  };
  need(
    /^%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}/.test(pdf.subarray(0, 20).toString('latin1')),
    '6.1.2 header and binary comment',
  );
  const raw = pdf.toString('latin1');
  need(!/\/Encrypt\b/.test(raw), '6.1.3 no encryption');
  need(!/\/(JavaScript|JS|Launch)\b/.test(raw), '6.6.1 no JavaScript or Launch actions');
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const id = ctx.trailerInfo.ID as PDFArray | undefined;
  need(id instanceof PDFArray && id.size() === 2, '6.1.3 trailer /ID');

  const meta = doc.catalog.lookupMaybe(PDFName.of('Metadata'), PDFStream) as PDFRawStream | undefined;
  need(meta && !meta.dict.has(PDFName.of('Filter')), '6.6.2.1 XMP metadata stream, unfiltered');
  const xmp = meta ? Buffer.from(meta.getContents()).toString('utf8') : '';
  need(
    /<pdfaid:part>3<\/pdfaid:part>/.test(xmp) && /<pdfaid:conformance>B<\/pdfaid:conformance>/.test(xmp),
    '6.6.4 pdfaid part 3 conformance B',
  );
  const title = doc.getTitle();
  need(title && xmp.includes(`<rdf:li xml:lang="x-default">${title}</rdf:li>`), '6.6.3 dc:title equals Info /Title');
  const producer = doc.getProducer();
  need(
    producer && xmp.includes(`<pdf:Producer>${producer}</pdf:Producer>`),
    '6.6.3 pdf:Producer equals Info /Producer',
  );
  const created = doc.getCreationDate();
  need(
    created && xmp.includes(`<xmp:CreateDate>${created.toISOString().slice(0, 19)}Z</xmp:CreateDate>`),
    '6.6.3 xmp:CreateDate equals Info /CreationDate',
  );

  const intents = doc.catalog.lookupMaybe(PDFName.of('OutputIntents'), PDFArray);
  const intent = intents?.lookup(0, PDFDict);
  need(intent?.get(PDFName.of('S'))?.toString() === '/GTS_PDFA1', '6.2.3 OutputIntent GTS_PDFA1');
  const profile = intent?.lookup(PDFName.of('DestOutputProfile'), PDFStream) as PDFRawStream | undefined;
  const icc = profile ? Buffer.from(decodePDFRawStream(profile).decode()) : Buffer.alloc(0);
  need(
    icc.subarray(36, 40).toString('latin1') === 'acsp' && icc.subarray(16, 20).toString('latin1') === 'RGB ',
    '6.2.3 an RGB ICC profile',
  );
  need(
    (profile?.dict.lookup(PDFName.of('N'), PDFNumber) as PDFNumber | undefined)?.asNumber() === 3,
    '6.2.3 profile /N 3',
  );

  for (const [, obj] of ctx.enumerateIndirectObjects()) {
    const dict = obj instanceof PDFDict ? obj : obj instanceof PDFStream ? obj.dict : null;
    if (!dict) continue;
    if (dict.get(PDFName.of('Type'))?.toString() === '/FontDescriptor') {
      need(
        ['FontFile', 'FontFile2', 'FontFile3'].some((k) => dict.has(PDFName.of(k))),
        `6.2.11.4 font ${dict.get(PDFName.of('FontName'))} embedded`,
      );
    }
    if (dict.get(PDFName.of('Type'))?.toString() === '/Annot') {
      const f = (dict.lookupMaybe(PDFName.of('F'), PDFNumber) as PDFNumber | undefined)?.asNumber() ?? 0;
      need(f & 4 && !(f & (1 | 2 | 32)), `6.3.2 annotation ${dict.get(PDFName.of('Subtype'))} printable`);
    }
  }
  for (const tool of [
    ['qpdf', ['--check']],
    ['mutool', ['info']],
    ['pdffonts', []],
  ] as const) {
    const r = run(tool[0], [...tool[1], writePdf(pdf)]);
    need(r.code === 0 && !/error/i.test(r.err), `${tool[0]}: ${r.err.slice(0, 200)}`);
  }
  need(/pdfaid:part>3</.test(run('pdfinfo', ['-meta', writePdf(pdf)]).out), 'pdfinfo -meta shows the XMP');
  return { problems, doc, xmp };
}

describe('archival format: PDF/A-3b', () => {
  it("the e-contract, the 备案证明 and the 公证书 pass every check, with the signed e-contract as the 公证书's associated source file", async () => {
    const econtract = await renderEContract(sampleEContract());
    const filing = await renderFilingRecord(sampleFiling());
    const cert = await renderCertificate(sampleCertificate(econtract.pdf));
    for (const [name, r] of [
      ['e-contract', econtract],
      ['备案证明', filing],
      ['公证书', cert],
    ] as const) {
      const { problems } = await archiveChecks(r.pdf);
      expect(problems, name).toEqual([]);
    }
    const { doc } = await archiveChecks(cert.pdf);
    const af = doc.catalog.lookup(PDFName.of('AF'), PDFArray);
    expect(af.size()).toBe(1);
    const spec = af.lookup(0, PDFDict);
    expect(spec.get(PDFName.of('AFRelationship'))?.toString()).toBe('/Source');
    expect(spec.lookup(PDFName.of('UF'), PDFHexString).decodeText()).toMatch(/^电子合同-.*\.pdf$/);
    const file = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'), PDFStream) as PDFRawStream;
    expect(file.dict.get(PDFName.of('Subtype'))?.toString()).toBe('/application#2Fpdf');
    expect(file.dict.lookup(PDFName.of('Params'), PDFDict).has(PDFName.of('ModDate'))).toBe(true);
    expect(Buffer.from(decodePDFRawStream(file).decode()).equals(econtract.pdf)).toBe(true);
  });

  it('stays PDF/A through signing and B-LTA finishing (incremental updates: signature, DSS, document time-stamp)', async () => {
    const w = await pkiWorld();
    const econtract = await renderEContract(sampleEContract());
    const signed = await signPdf(econtract.pdf, w.seller, {
      reason: '出卖人签署电子合同',
      location: '中山市',
      timestamp: w.stamp,
    });
    const lta = await addArchiveTimestamp(signed, {
      trustedRoots: [w.ca.certPem],
      revocation: w.revocation,
      timestamp: w.stamp,
      tsaCertPem: w.tsa.certPem,
    });
    expect(lta.subarray(0, econtract.pdf.length).equals(econtract.pdf)).toBe(true);
    expect((await archiveChecks(lta)).problems).toEqual([]);
    const sig = pdfsig(writePdf(lta), nssDbTrusting(w.ca.certPem)).out;
    expect(sig).toContain('Signature is Valid.');
    expect(sig).toContain('Certificate is Trusted.');
  });

  it('the checks catch a file that is not PDF/A (pdfkit as it comes)', async () => {
    const l = new Layout({ title: '草稿' });
    l.para('未归档的文件');
    const { problems } = await archiveChecks(await l.finish());
    expect(problems).toEqual(
      expect.arrayContaining([
        '6.6.2.1 XMP metadata stream, unfiltered',
        '6.6.4 pdfaid part 3 conformance B',
        '6.2.3 OutputIntent GTS_PDFA1',
      ]),
    );
  });

  it('keeps metadata well-formed XML whatever a title holds', () => {
    const xmp = xmpPacket({
      title: '公证书 <A&B> "x"',
      author: 'A&B 地产',
      subject: '',
      creator: 'netsign',
      producer: 'netsign documents',
      created: new Date('2026-12-11T02:00:00Z'),
    });
    expect(xmp).toContain('公证书 &lt;A&amp;B&gt; &quot;x&quot;');
    expect(xmp).toContain('<dc:creator><rdf:Seq><rdf:li>A&amp;B 地产</rdf:li></rdf:Seq></dc:creator>');
    expect(xmp).not.toContain('dc:description');
    expect(xmp).toContain('<xmp:CreateDate>2026-12-11T02:00:00Z</xmp:CreateDate>');
  });
});
