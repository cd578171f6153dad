// Signatures as a PDF reader sees them: poppler's pdfsig (with the platform root in an NSS
// database made by certutil) and our verifyPdf must agree — valid when untouched, broken by one
// changed byte, both signatures valid after a second incremental signature.
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
    issueOrganisationCertificate(ca, { name: '中山市翠湖置业发展有限公司', kind: 'seller', uscc: '91442000MA4UXXXX1K' }),
    issueOrganisationCertificate(ca, { name: '广东省中山市公证处', kind: 'notary' }),
    issueOrganisationCertificate(ca, { name: 'netsign', kind: 'tsa' }),
  ]);
  nss = nssDbTrusting(ca.certPem);
  contract = (await renderEContract(sampleEContract())).pdf;
});

const sigBlocks = (out: string) => out.split(/Signature #\d+:/).slice(1);

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

    const v = verifyPdf(signed, { trustedRoots: [ca.certPem] });
    expect(v.valid).toBe(true);
    expect(v.signatures).toHaveLength(1);
    expect(v.signatures[0].signer?.commonName).toBe('中山市翠湖置业发展有限公司');
    expect(v.signatures[0].reason).toBe('出卖人签署电子合同');
    // no TSA configured: the time is only claimed, and the report says so
    expect(v.signatures[0].signingTime.source).toBe('claimed');
  });

  it('is not trusted by pdfsig or verifyPdf when the root is not trusted', async () => {
    const signed = await signPdf(contract, seller, { reason: 'x' });
    const other = await createRootCa({ name: 'another root' });
    expect(sigBlocks(pdfsig(writePdf(signed), nssDbTrusting(other.certPem)).out)[0]).not.toContain('Certificate is Trusted.');
    const v = verifyPdf(signed, { trustedRoots: [other.certPem] });
    expect(v.signatures[0].intact).toBe(true);
    expect(v.signatures[0].trusted).toBe(false);
    expect(v.valid).toBe(false);
  });

  for (const where of ['before the signature value', 'after the signature value'] as const) {
    it(`one changed byte ${where} breaks the signature for pdfsig and verifyPdf`, async () => {
      const signed = await signPdf(contract, seller, { reason: 'x' });
      const v0 = verifyPdf(signed, { trustedRoots: [ca.certPem] });
      const [, b, c] = v0.signatures[0].byteRange;
      const pos = where === 'before the signature value' ? Math.floor(b / 2) : c + 5;
      const bad = Buffer.from(signed);
      bad[pos] = bad[pos] === 0x20 ? 0x21 : 0x20;
      const out = sigBlocks(pdfsig(writePdf(bad), nss).out)[0] ?? '';
      expect(out).not.toContain('Signature is Valid.');
      const v = verifyPdf(bad, { trustedRoots: [ca.certPem] });
      expect(v.valid).toBe(false);
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
    const v = verifyPdf(two, { trustedRoots: [ca.certPem] });
    expect(v.valid).toBe(true);
    expect(v.signatures.map((s) => [s.intact, s.coversWholeFile])).toEqual([[true, false], [true, true]]);
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
    const v = verifyPdf(appended, { trustedRoots: [ca.certPem] });
    expect(v.signatures[0].intact).toBe(true);
    expect(v.modifiedAfterLastSignature).toBe(true);
    expect(v.valid).toBe(false);
  });

  it('does not trust a time-stamp from an authority outside the trusted roots', async () => {
    const rogueCa = await createRootCa({ name: 'rogue' });
    const rogue = createTimestampAuthority(await issueOrganisationCertificate(rogueCa, { name: 'rogue', kind: 'tsa' }));
    const signed = await signPdf(contract, seller, { reason: 'x', timestamp: localTimestamper(rogue) });
    const v = verifyPdf(signed, { trustedRoots: [ca.certPem] });
    expect(v.signatures[0].signingTime).toMatchObject({ source: 'timestamp', trusted: false });
    expect(v.valid).toBe(false);
  });
});
