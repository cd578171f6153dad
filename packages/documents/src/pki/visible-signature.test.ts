// Issue 12 item 4: a buyer's signature on the e-contract is visible where the contract says
// 买受人（签章）, drawn with the buyer's own picture, while the seller's DocMDP-2 certification and
// every earlier signature stay valid (ours, pdfsig, mutool).
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { createRootCa, issueOrganisationCertificate, type Credential } from './keys.ts';
import { issueEventCertificate } from './event-certificate.ts';
import { signPdf } from './sign.ts';
import { verifyPdf } from './verify.ts';
import { signatureSpot } from './policy.ts';
import { renderEContract } from '../render/econtract.ts';
import { sampleEContract } from '../testing/samples.ts';
import { nssDbTrusting, rasterize, signatureToolsVerdict, words, writePdf } from '../testing/tools.ts';

/** A drawn signature: a thick dark-blue stroke on a transparent background. */
function drawnSignature(): Buffer {
  const png = new PNG({ width: 300, height: 100 });
  for (let y = 0; y < 100; y++)
    for (let x = 0; x < 300; x++) {
      const i = (y * 300 + x) * 4;
      const on = Math.abs(y - (50 + 30 * Math.sin(x / 25))) < 6;
      png.data.set(on ? [20, 30, 120, 255] : [0, 0, 0, 0], i);
    }
  return PNG.sync.write(png);
}

describe('the buyer signature widget at 买受人（签章）', () => {
  let ca: Credential;
  let signed: Buffer;
  const data = sampleEContract();

  beforeAll(async () => {
    ca = await createRootCa();
    const seller = await issueOrganisationCertificate(ca, {
      name: '中山市翠湖置业发展有限公司',
      kind: 'seller',
      uscc: '91442000MA4UXXXX1K',
    });
    signed = await signPdf((await renderEContract(data)).pdf, seller, { reason: '电子合同', docMdp: 2 });
    for (const [i, b] of data.buyers.entries()) {
      const k = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const certPem = await issueEventCertificate(ca, k.publicKey.export({ type: 'spki', format: 'der' }), {
        name: b.name,
        idHash: `SHA256:${'ab'.repeat(16)}`,
        verification: 'face',
        validMinutes: 60,
        context: { reference: data.businessNumber, caseNumber: '(2026)粤中山受字第1号', buyerIndex: i },
      });
      const buyer = {
        keyPem: k.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        certPem,
        chainPem: [ca.certPem],
      };
      signed = await signPdf(signed, buyer, {
        reason: '买受人签署',
        widget: { ...signatureSpot(signed, i)!, png: drawnSignature() },
      });
    }
  }, 120_000);

  it('each buyer has a spot on the signing page, beside their 买受人（签章）', () => {
    const file = writePdf(signed);
    for (const i of data.buyers.keys()) {
      const spot = signatureSpot(signed, i)!;
      const label = words(file).filter((w) => w.page === spot.page + 1 && w.text.includes('买受人（签章）'))[i];
      expect(label, `buyer ${i}`).toBeDefined();
      // the label's line, in PDF space (origin bottom left), lies within the widget's height
      const labelY = label.h - (label.yMin + label.yMax) / 2;
      expect(labelY).toBeGreaterThan(spot.rect[1] - 10);
      expect(labelY).toBeLessThan(spot.rect[3] + 10);
      expect(spot.rect[0]).toBeGreaterThan(label.xMin);
    }
  });

  it('the drawn signature shows inside each widget rectangle', () => {
    const spot = signatureSpot(signed, 0)!;
    const dpi = 72;
    const img = rasterize(writePdf(signed), spot.page + 1, dpi);
    const [x1, y1, x2, y2] = spot.rect.map((n) => Math.round(n));
    let blue = 0;
    for (let y = img.height - y2; y < img.height - y1; y++)
      for (let x = x1; x < x2; x++) {
        const i = (y * img.width + x) * 4;
        if (img.data[i + 2] > 90 && img.data[i] < 80 && img.data[i + 1] < 90) blue++;
      }
    expect(blue).toBeGreaterThan(200);
  });

  it('every signature stays valid: ours (policy and DocMDP 2 honoured), pdfsig and mutool', async () => {
    const report = await verifyPdf(signed, { trustedRoots: [ca.certPem] });
    expect(report.problems).toEqual([]);
    expect(report.signatures.map((s) => s.role)).toEqual(['seller', 'buyer', 'buyer']);
    expect(await signatureToolsVerdict(writePdf(signed), nssDbTrusting(ca.certPem))).toEqual({
      pdfsig: 3,
      mutool: 3,
      docTimestamps: 0,
      problems: [],
    });
  });
});
