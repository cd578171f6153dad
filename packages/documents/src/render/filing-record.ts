// 备案证明: the transaction center's filing record with the filing number.
import { Layout } from '../layout.ts';
import { drawSeal } from '../seal.ts';
import { drawQr } from '../qr.ts';
import { ZFilingData, type TFilingData } from '../types.ts';
import { blank, cnDate, fingerprint, shortFingerprint, unitLabel, yuan, yuanCapital } from '../format.ts';
import { toPdfA3b } from '../pdfa.ts';
import { done, type RenderedDocument } from './rendered.ts';

export async function renderFilingRecord(input: TFilingData): Promise<RenderedDocument> {
  const f = ZFilingData.parse(input);
  const fp = fingerprint(f);
  const l = new Layout({
    title: '中山市商品房买卖合同备案证明',
    subject: `备案号 ${f.filingNumber}`,
    author: f.centerName,
    header: `备案号：${f.filingNumber}`,
    footerNote: `文件指纹 SHA-256 ${shortFingerprint(fp)}`,
    creationDate: new Date(`${f.filingDate}T00:00:00+08:00`),
    marker: { kind: 'filing_record', reference: f.filingNumber },
  });
  l.title('中山市商品房买卖合同备案证明', 20);
  l.para(`备案号：${f.filingNumber}`, { align: 'center', size: 12 });
  l.gap(6);
  l.para(`经审核，下列商品房买卖合同已于${cnDate(f.filingDate)}在${f.centerName}办理登记备案，特此证明。`, {
    indent: true,
  });
  l.fields([
    ['备案号', f.filingNumber],
    ['备案日期', cnDate(f.filingDate)],
    ['业务号', f.businessNumber],
    ['合同编号', blank(f.contractNumber)],
    ['公证书编号', blank(f.certificateNumber)],
    ['预售许可证号', f.unit.presaleLicence],
  ]);
  l.para('合同当事人', { bold: true });
  l.table(
    [
      { header: '身份', width: 2 },
      { header: '姓名/名称', width: 4 },
      { header: '证件类型', width: 3 },
      { header: '证件号码', width: 4 },
    ],
    [
      ['出卖人', f.seller.name, '统一社会信用代码', f.seller.uscc],
      ...f.buyers.map((b) => ['买受人', b.name, b.idType, b.idNumber]),
    ],
  );
  l.para('房屋', { bold: true });
  l.fields([
    ['项目', f.unit.projectName],
    ['房号', `${f.unit.building}${f.unit.unitNumber ?? ''}${f.unit.room}`],
    ['坐落', blank(f.unit.location)],
    ['用途', f.unit.use],
    ['建筑面积', `${f.unit.buildingArea.toFixed(2)} m²`],
    ['套内建筑面积', f.unit.innerArea ? `${f.unit.innerArea.toFixed(2)} m²` : blank(undefined)],
    ['合同总价款', `人民币 ${yuan(f.totalPrice)} 元`],
    ['大写', yuanCapital(f.totalPrice)],
  ]);
  l.para(`房屋：${unitLabel(f.unit)}`, { size: 9, color: '#444' });
  l.ensure(150);
  l.gap(24);
  const y = l.doc.y;
  if (f.verifyUrl) {
    drawQr(l.doc, f.verifyUrl, l.left, y, 90);
    l.doc.link(l.left, y, 90, 90, f.verifyUrl);
    l.doc
      .font('body')
      .fontSize(8)
      .text('扫码核验', l.left, y + 92, { width: 90, align: 'center' });
  }
  l.doc.y = y + 20;
  l.para(f.centerName, { align: 'right', size: 12 });
  l.gap(6);
  l.para(cnDate(f.filingDate), { align: 'right', size: 12 });
  drawSeal(l.doc, l.left + l.width - 80, y + 36, 52, f.centerName, { label: '备案专用章' });
  l.doc.y = Math.max(l.doc.y, y + 110);
  return done(await toPdfA3b(await l.finish()), fp);
}
