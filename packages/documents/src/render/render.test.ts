// What a reader of the documents checks, with tools we did not write: the text is really there
// (pdftotext), every font is embedded (pdffonts), the file is well-formed (qpdf), nothing runs
// off the page (pdftotext -bbox), the QR decodes (pdftoppm + jsQR + zbarimg), the seal is red
// where 出卖人（签章） is.
import { describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { renderEContract } from './econtract.ts';
import { renderCertificate } from './certificate.ts';
import { renderFilingRecord } from './filing-record.ts';
import { renderCaseRecord, renderNotaryApplication, renderNotaryNotice } from './notary-forms.ts';
import { NOTARY_NOTICE_VERSION } from './notice-text.ts';
import { sampleCertificate, sampleEContract, sampleFiling, sampleNotaryCase } from '../testing/samples.ts';
import { pdftotext, rasterize, run, words, writePdf } from '../testing/tools.ts';

const squash = (s: string) => s.replace(/\s+/g, '');

function wellFormed(file: string): void {
  expect(run('qpdf', ['--check', file]).code).toBe(0);
  const fonts = run('pdffonts', [file]).out.split('\n').slice(2).filter(Boolean);
  expect(fonts.length).toBeGreaterThan(0);
  for (const row of fonts) expect(row, row).toMatch(/\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
  for (const w of words(file)) {
    expect(w.xMin, `"${w.text}" p${w.page}`).toBeGreaterThanOrEqual(0);
    expect(w.xMax, `"${w.text}" p${w.page}`).toBeLessThanOrEqual(w.w);
    expect(w.yMax, `"${w.text}" p${w.page}`).toBeLessThanOrEqual(w.h);
  }
}

describe('e-contract', () => {
  it('carries the parties, unit, price, business number and page footer as real text', async () => {
    const data = sampleEContract();
    const r = await renderEContract(data);
    const file = writePdf(r.pdf);
    const text = squash(pdftotext(file));
    for (const s of [
      '中山市商品房买卖合同',
      '中山市翠湖置业发展有限公司',
      '91442000MA4UXXXX1K',
      '李明华',
      '王秀英',
      '44200019900307123X',
      '翠湖花园',
      '1203房',
      '98.76',
      '2,123,340.00',
      '贰佰壹拾贰万叁仟叁佰肆拾元整',
      '中建预许字(2026)第0045号',
      'WQ2026031500123',
      '第十三条面积差异处理',
      '附件十一补充协议',
      '出卖人（签章）',
      '买受人（签章）',
      '附件一房屋平面图',
    ]) {
      expect(text).toContain(squash(s));
    }
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]).out)?.[1]);
    expect(text).toContain(`第1页共${pages}页`);
    expect(text).toContain(`第${pages}页共${pages}页`);
    expect(text).toContain(r.fingerprint.slice(0, 16).toUpperCase());
    wellFormed(file);
  });

  it('prints blanks the contract leaves open as ______', async () => {
    const r = await renderEContract(sampleEContract({ delivery: { conditions: [] }, warrantyYears: undefined }));
    const text = pdftotext(writePdf(r.pdf));
    expect(text).toMatch(/出卖人应当在____年__月__日前向买受人交付该商品房/);
    expect(text).toContain('保修期不少于______年');
  });

  it('breaks long supplementary terms and many buyers across pages without leaving the page', async () => {
    const long = Array.from(
      { length: 60 },
      (_, i) =>
        `第${i + 1}项补充约定：` + '双方同意按照本条约定的方式履行相关义务，并在交付前完成全部验收手续。'.repeat(4),
    );
    const buyers = Array.from({ length: 5 }, (_, i) => ({
      name: `买受人${i + 1}号`,
      idNumber: `4420001990030712${i}X`,
      address: '广东省中山市东区中山四路一号某某花园某某栋某某单元某某房（一个很长的地址用来检查表格单元格内的换行）',
    }));
    const r = await renderEContract(sampleEContract({ supplementaryTerms: long, buyers }));
    const file = writePdf(r.pdf);
    const text = squash(pdftotext(file));
    expect(text).toContain('第60项补充约定');
    expect(text).toContain('买受人5号');
    wellFormed(file);
  });

  it('puts the red seal at 出卖人（签章） and nothing red when the seal is turned off', async () => {
    const redNear = async (seal: boolean) => {
      const file = writePdf(
        (await renderEContract(sampleEContract({ seals: { seller: seal, buyerSignatures: [] } }))).pdf,
      );
      const w = words(file).find((x) => x.text.startsWith('出卖人（签章）'));
      expect(w).toBeTruthy();
      const dpi = 72;
      const img = rasterize(file, w!.page, dpi);
      let red = 0;
      for (let y = Math.round(w!.yMin); y < Math.min(img.height, w!.yMin + 110); y++) {
        for (let x = Math.round(w!.xMin); x < w!.xMin + 200; x++) {
          const i = (y * img.width + x) * 4;
          if (img.data[i] > 180 && img.data[i + 1] < 110 && img.data[i + 2] < 110) red++;
        }
      }
      return red;
    };
    expect(await redNear(true)).toBeGreaterThan(500);
    expect(await redNear(false)).toBe(0);
  });
});

describe('notary case documents (one set per buyer)', () => {
  it('name the buyer, the case and the notice version', async () => {
    for (const [render, title] of [
      [renderNotaryApplication, '商品房买卖公证申请表'],
      [renderNotaryNotice, '商品房买卖合同公证告知'],
      [renderCaseRecord, '收案记录'],
    ] as const) {
      for (const buyer of sampleEContract().buyers) {
        const file = writePdf((await render(sampleNotaryCase({ buyer }))).pdf);
        const text = squash(pdftotext(file));
        expect(text).toContain(title);
        expect(text).toContain(buyer.name);
        expect(text).toContain(buyer.idNumber);
        wellFormed(file);
      }
    }
    const notice = squash(pdftotext(writePdf((await renderNotaryNotice(sampleNotaryCase())).pdf)));
    expect(notice).toContain(NOTARY_NOTICE_VERSION);
    expect(notice).toContain('法律后果');
  });
});

describe('公证书', () => {
  it('has the number on the cover, the e-contract and annexes after it, and a QR that decodes to the link', async () => {
    const ec = await renderEContract(sampleEContract());
    const data = sampleCertificate(ec.pdf);
    const r = await renderCertificate(data);
    const file = writePdf(r.pdf);
    const text = squash(pdftotext(file));
    expect(squash(pdftotext(file, ['-f', '1', '-l', '1']))).toContain('(2026)粤中山证字第1234号');
    for (const s of [
      '兹证明',
      '李明华',
      '王秀英',
      '人脸识别',
      '佐证视频',
      '附件一房屋平面图',
      '附：出卖人营业执照',
      '附：买受人电子签名',
    ])
      expect(text).toContain(s);
    const ecPages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [writePdf(ec.pdf)]).out)?.[1]);
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]).out)?.[1]);
    expect(pages).toBeGreaterThan(ecPages + 2);
    wellFormed(file);
    // every page, the contract's included, carries its own 公证书 page number; contract pages say
    // which contract page they are
    const perPage = pdftotext(file).split('\f').slice(0, pages).map(squash);
    perPage.forEach((t, i) => expect(t, `page ${i + 1}`).toContain(`公证书第${i + 1}页共${pages}页`));
    const firstContractPage = perPage.findIndex((t) => t.includes(`合同第1页共${ecPages}页`));
    expect(firstContractPage).toBeGreaterThan(0);
    expect(perPage[firstContractPage + ecPages - 1]).toContain(`合同第${ecPages}页共${ecPages}页`);
    // ISO 32000 9.6.4: a subset tag names one subset; the cover, the contract and the annexes
    // are three different subsets of the same font
    const subsets = run('pdffonts', [file])
      .out.split('\n')
      .slice(2)
      .filter(Boolean)
      .map((r) => r.split(/\s+/)[0]);
    expect(subsets.length).toBeGreaterThanOrEqual(4);
    expect(new Set(subsets).size).toBe(subsets.length);

    const img = rasterize(file, 1, 150);
    const qr = jsQR(new Uint8ClampedArray(img.data), img.width, img.height);
    expect(qr?.data).toBe(data.verifyUrl);
    const dir = writePdf(r.pdf).replace(/doc\.pdf$/, '');
    run('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', file, `${dir}cover`]);
    const z = run('zbarimg', ['--quiet', '--raw', `${dir}cover-01.png`]);
    expect(z.out.trim()).toBe(data.verifyUrl);
  });
});

describe('备案证明', () => {
  it('shows the filing number, parties and unit', async () => {
    const file = writePdf((await renderFilingRecord(sampleFiling())).pdf);
    const text = squash(pdftotext(file));
    for (const s of [
      '备案证明',
      'BA2026-ZS-0007788',
      '中山市翠湖置业发展有限公司',
      '李明华',
      '王秀英',
      '1203房',
      '2,123,340.00',
    ])
      expect(text).toContain(s);
    wellFormed(file);
  });
});
