// Documents benchmark: medians over several runs of
//   1. rendering a 20-page e-contract (pdfkit + Noto Sans SC)
//   2. the same contract printed from HTML by headless Chromium (warm browser, page.pdf)
//   3. signing a ~5 MB 公证书 (PAdES: our incremental-update placeholder + in-place fill)
//   4. the floor: raw SHA-256 of the same bytes + one RSA-2048 signature
//   5. B-LTA finishing of the signed 公证书: DSS (chains, the CA's CRL, an OCSP answer made for each
//      certificate, as the server does in-process) + a document time-stamp (issue 13 item 2)
// Run: npx tsx bench/documents.bench.ts  (or npm run bench -- documents)
import { createHash, randomBytes, sign, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { chromium } from 'playwright-core';
import {
  addArchiveTimestamp,
  addDocumentTimestamp,
  addValidationData,
  createOcspRequest,
  createRootCa,
  createTimestampAuthority,
  issueCrl,
  issueOcspResponderCertificate,
  issueOrganisationCertificate,
  localTimestamper,
  ocspRespond,
  renderCertificate,
  renderEContract,
  signPdf,
  ZEContractData,
  type RevocationSource,
  type TEContractData,
} from '@netsign/documents';
import { fontPath } from '@netsign/documents/fonts';
import { png, sampleCertificate, sampleEContract } from '@netsign/documents/testing/samples';
import { HtmlLayout } from '@netsign/documents/testing/html-layout';
import { chapterParties, chapterPrice, chapterUnit, frontMatter } from '@netsign/documents/render/econtract-parties';
import {
  chapterAreaDifference,
  chapterChanges,
  chapterDelivery,
  chapterManagement,
  chapterOther,
  chapterQuality,
  chapterRegistration,
} from '@netsign/documents/render/econtract-terms';
import type { Layout } from '@netsign/documents/layout';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function time(runs: number, f: () => Promise<unknown> | unknown): Promise<number> {
  return (await timeAlternating(runs, f))[0];
}

/** Medians of several functions run in turn (a, b, a, b, …), so a busy machine slows them alike
 * and their ratio stays honest. */
async function timeAlternating(runs: number, ...fs: (() => Promise<unknown> | unknown)[]): Promise<number[]> {
  for (const f of fs) await f(); // warm-up
  const t: number[][] = fs.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < fs.length; k++) {
      const s = performance.now();
      await fs[k]();
      t[k].push(performance.now() - s);
    }
  }
  return t.map(median);
}

async function pages(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
}

/** Supplementary terms are added until the contract is 20 pages. */
async function twentyPageContract(): Promise<TEContractData> {
  const term =
    '双方同意，出卖人应当按照本合同约定的标准和期限完成该商品房及其配套设施的建设，并在交付前向买受人提供相关验收文件；如有未尽事宜，双方另行协商并签订书面补充协议。';
  let lo = 0,
    hi = 200;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const n = await pages(
      (
        await renderEContract(
          sampleEContract({ supplementaryTerms: Array.from({ length: mid }, (_, i) => `（${i + 1}）${term}`) }),
        )
      ).pdf,
    );
    if (n >= 20) hi = mid;
    else lo = mid + 1;
  }
  return sampleEContract({ supplementaryTerms: Array.from({ length: lo }, (_, i) => `（${i + 1}）${term}`) });
}

function contractHtml(data: TEContractData): string {
  const c = ZEContractData.parse(data);
  const h = new HtmlLayout();
  const l = h as unknown as Layout;
  h.title('中山市商品房买卖合同', 28);
  h.para('（预售）', { align: 'center' });
  h.fields(
    [
      ['合同编号', c.contractNumber ?? ''],
      ['业务号', c.businessNumber],
      ['出卖人', c.seller.name],
      ['买受人', c.buyers.map((b) => b.name).join('、')],
    ],
    1,
  );
  h.newPage();
  frontMatter(l, c);
  h.newPage();
  chapterParties(l, c);
  chapterUnit(l, c);
  chapterPrice(l, c);
  chapterDelivery(l, c);
  chapterAreaDifference(l, c);
  chapterChanges(l);
  chapterQuality(l, c);
  chapterRegistration(l, c);
  chapterManagement(l, c);
  chapterOther(l, c);
  h.para('出卖人（签章）：' + c.seller.name);
  c.buyers.forEach((b) => h.para('买受人（签章）：' + b.name));
  h.newPage();
  h.heading('附件一  房屋平面图（应当标明方位）');
  c.floorPlans.forEach((p) => h.image(p.data, { caption: p.title }));
  h.heading('附件十一  补充协议');
  c.supplementaryTerms.forEach((t, i) => h.para(`${i + 1}. ${t}`, { indent: true }));
  return h.html(pathToFileURL(fontPath()).href, `中山市商品房买卖合同（预售）    业务号：${c.businessNumber}`);
}

async function main() {
  console.log(`runs per figure: ${RUNS} (median), node ${process.version}`);
  const data = await twentyPageContract();
  const rendered = await renderEContract(data);
  const tRender = await time(RUNS, () => renderEContract(data));

  let tChromium = NaN,
    chromePages = 0;
  try {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const dir = mkdtempSync(join(tmpdir(), 'bench-html-'));
    const file = join(dir, 'contract.html');
    writeFileSync(file, contractHtml(data));
    const page = await browser.newPage();
    const print = async () => {
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      return page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate:
          '<div style="font-size:8px;width:100%;text-align:center">第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页</div>',
        margin: { top: '22mm', bottom: '22mm', left: '22mm', right: '22mm' },
      });
    };
    chromePages = await pages(await print());
    // not alternated with the render: Chromium keeps working after page.pdf() returns, and that
    // would be charged to the next render
    tChromium = await time(RUNS, print);
    await browser.close();
  } catch (e) {
    console.log(`Chromium: not measured (${(e as Error).message.split('\n')[0]})`);
  }
  console.log(
    `render e-contract (pdfkit):        ${ms(tRender)}  — ${await pages(rendered.pdf)} pages, ${(rendered.pdf.length / 1024).toFixed(0)} KiB`,
  );
  if (Number.isFinite(tChromium)) {
    console.log(
      `print same contract (Chromium):    ${ms(tChromium)}  — ${chromePages} pages (warm browser; launch not counted)`,
    );
  }

  // a 公证书 of about 5 MB: the contract plus incompressible photos
  const noise = (w: number, h: number) => {
    const r = randomBytes(w * h * 3);
    let i = 0;
    return png(w, h, () => [r[i++], r[i++], r[i++], 255]);
  };
  const cert = await renderCertificate(
    sampleCertificate(rendered.pdf, {
      sellerLicence: noise(1000, 800),
      legalRepIdFront: noise(800, 500),
      legalRepIdBack: noise(800, 500),
    }),
  );
  const ca = await createRootCa();
  const notary = await issueOrganisationCertificate(ca, { name: '广东省中山市公证处', kind: 'notary' });
  const [tSign, tFloor, tHash] = await timeAlternating(
    RUNS,
    () => signPdf(cert.pdf, notary, { reason: '出具公证书', location: '中山市' }),
    () => sign('sha256', cert.pdf, notary.keyPem),
    () => createHash('sha256').update(cert.pdf).digest(),
  );
  console.log(`sign 公证书 (PAdES):                ${ms(tSign)}  — ${(cert.pdf.length / 1048576).toFixed(2)} MiB`);
  console.log(`floor: SHA-256 + one RSA signature: ${ms(tFloor)}  (SHA-256 alone ${ms(tHash)})`);

  // B-LTA: the signed 公证书 (with its signature time-stamp) gets the DSS, then a document time-stamp
  const tsaCred = await issueOrganisationCertificate(ca, { name: 'netsign', kind: 'tsa' });
  const stamp = localTimestamper(createTimestampAuthority(tsaCred));
  const responder = await issueOcspResponderCertificate(ca);
  const now = new Date();
  const crl = await issueCrl(ca, [], {
    number: 1,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + 2 * 86400_000),
  }); // the server keeps its CRL
  const revocation: RevocationSource = async (c, issuer) => ({
    crls: [crl],
    ocsps: [
      await ocspRespond(await createOcspRequest(c, issuer), {
        cas: [{ ca, responder }],
        statusOf: async () => ({ status: 'good' }),
        now: new Date(),
      }),
    ],
    certs: [new X509Certificate(responder.certPem).raw],
  });
  const ltv = { trustedRoots: [ca.certPem], revocation };
  const signedCert = await signPdf(cert.pdf, notary, {
    reason: '出具公证书',
    location: '中山市',
    timestamp: stamp,
    docMdp: 1,
  });
  const finished = await addArchiveTimestamp(signedCert, { ...ltv, timestamp: stamp, tsaCertPem: tsaCred.certPem });
  const [tLta, tFloor2, tDss, tDocTs] = await timeAlternating(
    RUNS,
    () => addArchiveTimestamp(signedCert, { ...ltv, timestamp: stamp, tsaCertPem: tsaCred.certPem }),
    () => sign('sha256', signedCert, notary.keyPem),
    () => addValidationData(signedCert, { ...ltv, alsoFor: [tsaCred.certPem] }),
    () => addDocumentTimestamp(signedCert, stamp),
  );
  console.log(
    `B-LTA finishing (DSS + doc TS):     ${ms(tLta)}  — +${((finished.length - signedCert.length) / 1024).toFixed(1)} KiB`,
  );
  console.log(`  of which DSS alone:               ${ms(tDss)}  (chains, 1 CRL, 2 OCSP answers made)`);
  console.log(`  of which document time-stamp:     ${ms(tDocTs)}`);
  console.log(`floor (same run):                   ${ms(tFloor2)}`);

  console.log('\nratios');
  if (Number.isFinite(tChromium))
    console.log(`  Chromium / pdfkit render: ${(tChromium / tRender).toFixed(1)}×  (aim ≥ 10×)`);
  console.log(`  sign / floor:             ${(tSign / tFloor).toFixed(2)}×  (aim ≤ 2×)`);
  console.log(`  B-LTA finishing / floor:  ${(tLta / tFloor2).toFixed(2)}×`);
  console.log(
    `  load average: ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}

await main();
