// 公证书: cover (number, office, verification QR), 证词, then the e-contract pages, the seller's
// licence, ID photos of the legal representative and every buyer, each buyer's signature.
// Cover+证词 and the annexes are laid out by pdfkit (CJK text); pdf-lib only joins pages.
import { createHash } from 'node:crypto';
import { AFRelationship, PDFDocument, PDFName, PDFString, type PDFDict } from 'pdf-lib';
import { makePdfA3b } from '../pdfa.ts';
import { Layout, markerInfo } from '../layout.ts';
import { drawSeal } from '../seal.ts';
import { drawQr } from '../qr.ts';
import { ZCertificateData, type TCertificateData } from '../types.ts';
import { blank, cnDate, cnDateTime, fingerprint, shortFingerprint, unitLabel } from '../format.ts';
import { done, type RenderedDocument } from './rendered.ts';

type Cert = ReturnType<typeof ZCertificateData.parse>;

const VERIFY = {
  face: '通过人脸识别比对核验了其身份',
  'document-video': '通过其身份证明文件、手持证件照片及佐证视频核验了其身份',
} as const;

export async function renderCertificate(input: TCertificateData): Promise<RenderedDocument> {
  const c = ZCertificateData.parse(input);
  const fp = fingerprint(c);
  const opts = {
    author: c.officeName,
    header: `公证书  ${c.certificateNumber}`,
    footerNote: `文件指纹 SHA-256 ${shortFingerprint(fp)}`,
    creationDate: new Date(`${c.issueDate}T00:00:00+08:00`),
  };
  const front = new Layout({ title: `公证书 ${c.certificateNumber}`, ...opts });
  cover(front, c);
  front.newPage();
  testimony(front, c);
  const annex = new Layout({ title: '公证书附件', ...opts, headerOnFirst: true });
  annexes(annex, c);
  // one running number over the whole 公证书, the contract pages included: their own footer says
  // 合同第 x 页, and a line under it (an overlay drawn onto each copied page) says 公证书第 n 页
  const contract = await PDFDocument.load(c.eContractPdf, { ignoreEncryption: true });
  // The signature widgets must not come along: copied into another file their byte ranges no
  // longer fit and would read as broken signatures. The signed e-contract itself is attached
  // below, so its signatures can still be checked from the 公证书 alone.
  for (const page of contract.getPages()) page.node.delete(PDFName.of('Annots'));
  const contractPages = contract.getPageCount();
  // counted before finish(): a finished layout has flushed its pages and counts none (the cause
  // of the wrong footers after the contract, e.g. p.14 reading 第12页 共18页)
  const frontPages = front.pageCount;
  const total = frontPages + contractPages + annex.pageCount;
  const prefix = '公证书';
  const frontPdf = await front.finish({ offset: 0, total, prefix });
  const annexPdf = await annex.finish({ offset: frontPages + contractPages, total, prefix });
  const numbers = new Layout({ title: prefix, pageNumberFromBottom: 20, creationDate: opts.creationDate });
  for (let i = 1; i < contractPages; i++) numbers.newPage();
  const numbersPdf = await numbers.finish({ offset: frontPages, total, prefix });

  const out = await PDFDocument.create();
  out.setTitle(`公证书 ${c.certificateNumber}`);
  out.setAuthor(c.officeName);
  out.setProducer('netsign documents');
  out.setCreator('netsign');
  out.setCreationDate(opts.creationDate);
  out.setModificationDate(opts.creationDate);
  const info = (out as unknown as { getInfoDict(): PDFDict }).getInfoDict();
  for (const [k, v] of Object.entries(markerInfo({ kind: 'certificate', reference: c.certificateNumber })))
    info.set(PDFName.of(k), PDFString.of(v));
  const stamps = await out.embedPdf(numbersPdf, [...Array(contractPages).keys()]);
  for (const [part, src] of [
    ['front', await PDFDocument.load(frontPdf)],
    ['contract', contract],
    ['annex', await PDFDocument.load(annexPdf)],
  ] as const) {
    const pages = await out.copyPages(src, src.getPageIndices());
    pages.forEach((p, i) => {
      out.addPage(p);
      if (part === 'contract') p.drawPage(stamps[i]);
    });
  }
  await out.attach(c.eContractPdf, `电子合同-${c.contract.businessNumber}.pdf`, {
    mimeType: 'application/pdf',
    description: `已签署的电子合同（业务号 ${c.contract.businessNumber}），可单独核验其全部签名`,
    creationDate: opts.creationDate,
    modificationDate: opts.creationDate,
    afRelationship: AFRelationship.Source,
  });
  makePdfA3b(out, createHash('md5').update(fp).update(c.eContractPdf).digest());
  const pdf = Buffer.from(await out.save({ useObjectStreams: false }));
  return done(pdf, fp);
}

function cover(l: Layout, c: Cert): void {
  const d = l.doc;
  d.y = 150;
  l.title('公  证  书', 40);
  l.gap(10);
  l.para(c.certificateNumber, { align: 'center', size: 15 });
  d.y = 420;
  l.para(c.officeName, { align: 'center', size: 18, bold: true });
  l.para(cnDate(c.issueDate), { align: 'center', size: 12 });
  const qr = 110;
  const x = l.left + (l.width - qr) / 2;
  drawQr(d, c.verifyUrl, x, 560, qr);
  d.link(x, 560, qr, qr, c.verifyUrl);
  d.y = 560 + qr + 6;
  l.para('扫描二维码核验本公证书的真伪', { align: 'center', size: 9 });
  l.para(c.verifyUrl, { align: 'center', size: 7.5, color: '#444' });
}

function testimony(l: Layout, c: Cert): void {
  l.title('公  证  书', 22);
  l.para(c.certificateNumber, { align: 'right' });
  l.gap(6);
  c.buyers.forEach((b) => {
    l.para(
      `申请人（买受人）：${b.name}，${b.gender ? b.gender + '，' : ''}${b.birthDate ? cnDate(b.birthDate) + '出生，' : ''}国籍/地区：${b.nationality}，${b.idType}号码：${b.idNumber}，住址：${blank(b.address)}。`,
    );
  });
  l.para(`关系人（出卖人）：${c.seller.name}，统一社会信用代码：${c.seller.uscc}，住所：${blank(c.seller.address)}。`);
  l.para(`法定代表人：${blank(c.seller.legalRepresentative)}。`);
  l.gap(4);
  l.para('公证事项：商品房买卖合同', { bold: true });
  l.gap(4);
  const names = c.buyers.map((b) => b.name).join('、');
  l.para(
    `兹证明${c.seller.name}的法定代表人（或其委托代理人）与${names}于${cnDate(c.signingDate)}通过中山市商品房网上签约备案系统，在线签订了前面的《中山市商品房买卖合同》（业务号：${c.contract.businessNumber}${c.contract.contractNumber ? '，合同编号：' + c.contract.contractNumber : ''}），买卖位于${blank(c.unit.location)}的${unitLabel(c.unit)}（建筑面积${c.unit.buildingArea.toFixed(2)}平方米，预售许可证号：${c.unit.presaleLicence}）。`,
    { indent: true },
  );
  c.buyers.forEach((b) => {
    l.para(
      `本处${VERIFY[b.verification]}${b.verifiedAt ? '（核验时间：' + cnDateTime(b.verifiedAt) + '）' : ''}，确认在线签署合同的${b.name}为其本人。`,
      { indent: true },
    );
    if (b.secondCheck)
      l.para(
        `${b.name}提交申请时，本处再次核验了其身份：${b.secondCheck.summary}（核验时间：${cnDateTime(b.secondCheck.at)}）。`,
        { indent: true },
      );
  });
  l.para(
    '经查，双方当事人签订上述合同时具有法律规定的民事权利能力和民事行为能力；双方签订合同的意思表示真实；合同的内容符合《中华人民共和国民法典》第一百四十三条的规定；合同上出卖人的电子签章和买受人的电子签名均属实。',
    { indent: true },
  );
  l.para('本公证书所附合同文本、出卖人营业执照、身份证明文件及电子签名的影像与系统内存档的电子数据一致。', {
    indent: true,
  });
  l.ensure(170);
  l.gap(30);
  const y = l.doc.y;
  l.para(`中华人民共和国${c.officeName}`, { align: 'right', size: 12 });
  l.gap(8);
  l.para(`公证员  ${c.notaryName}`, { align: 'right', size: 12 });
  l.gap(8);
  l.para(cnDate(c.issueDate), { align: 'right', size: 12 });
  drawSeal(l.doc, l.left + l.width - 90, y + 34, 54, c.officeName, { label: '公证专用章' });
}

function annexes(l: Layout, c: Cert): void {
  let first = true;
  const page = (title: string, images: [Uint8Array | undefined, string][]) => {
    if (!first) l.newPage();
    first = false;
    l.heading(title, 14);
    images.forEach(([img, caption]) => {
      if (img) l.image(img, { maxHeight: 300, caption });
      else l.para(`${caption}：未提供`, { align: 'center' });
    });
  };
  page('附：出卖人营业执照', [[c.sellerLicence, `${c.seller.name} 营业执照`]]);
  page(`附：出卖人法定代表人${blank(c.seller.legalRepresentative)}身份证明`, [
    [c.legalRepIdFront, '正面'],
    [c.legalRepIdBack, '反面'],
  ]);
  c.buyers.forEach((b) =>
    page(`附：买受人${b.name}身份证明文件（${b.idType}）`, [
      [b.idFront, '正面'],
      [b.idBack, '反面'],
    ]),
  );
  page('附：买受人电子签名', []);
  c.buyers.forEach((b) => {
    if (b.signature) l.image(b.signature, { maxHeight: 120, caption: `${b.name} 的电子签名` });
    else l.para(`${b.name}：未提供电子签名`, { align: 'center' });
  });
}
