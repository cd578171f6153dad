// The buyer's three documents when the notary office receives the case: 商品房买卖公证申请表,
// 商品房买卖合同公证告知 and 收案记录. One set per buyer: each is rendered for one buyer.
import { Layout } from '../layout.ts';
import { drawSeal } from '../seal.ts';
import { ZNotaryCaseData, type TNotaryCaseData } from '../types.ts';
import { blank, cnDate, cnDateTime, fingerprint, shortFingerprint, unitLabel, yuan } from '../format.ts';
import { NOTARY_NOTICE_SECTIONS, NOTARY_NOTICE_VERSION, notaryNoticeHash } from './notice-text.ts';
import { toPdfA3b } from '../pdfa.ts';
import { done, type RenderedDocument } from './rendered.ts';

type Case = ReturnType<typeof ZNotaryCaseData.parse>;

function layout(title: string, c: Case, fp: string, kind: 'application_form' | 'notice' | 'intake_record'): Layout {
  return new Layout({
    title,
    subject: `${c.caseNumber} ${c.buyer.name}`,
    author: c.officeName,
    header: `${c.officeName}    案号：${c.caseNumber}`,
    headerOnFirst: true,
    footerNote: `文件指纹 SHA-256 ${shortFingerprint(fp)}`,
    creationDate: new Date(c.receivedAt),
    // the buyer's forms name their buyer (the signer's event certificate must match); the record is the office's
    marker:
      kind === 'intake_record'
        ? { kind, reference: c.caseNumber }
        : { kind, reference: c.contract.businessNumber, buyerIndex: c.buyerIndex },
  });
}

function buyerSignature(l: Layout, c: Case, label: string): void {
  l.ensure(80);
  l.gap(14);
  const d = l.doc;
  const y = d.y;
  const x = l.left + l.width / 2;
  d.font('bold').fontSize(11).text(label, x, y);
  if (c.signature) d.image(Buffer.from(c.signature), x + 110, y - 14, { fit: [140, 46] });
  else d.font('body').text('______', x + 110, y);
  d.font('body')
    .fontSize(10.5)
    .text(`日期：${c.signedAt ? cnDateTime(c.signedAt) : cnDate(undefined)}`, x, y + 40);
  d.x = l.left;
  d.y = y + 64;
}

const partyRows = (c: Case): [string, string][] => [
  ['姓名', c.buyer.name],
  ['国籍/地区', c.buyer.nationality],
  ['证件类型', c.buyer.idType],
  ['证件号码', c.buyer.idNumber],
  ['性别', blank(c.buyer.gender)],
  ['出生日期', c.buyer.birthDate ? cnDate(c.buyer.birthDate) : blank(undefined)],
  ['住址', blank(c.buyer.address)],
  ['联系电话', blank(c.buyer.phone)],
];

export async function renderNotaryApplication(input: TNotaryCaseData): Promise<RenderedDocument> {
  const c = ZNotaryCaseData.parse(input);
  const fp = fingerprint({ doc: 'application', c });
  const l = layout('商品房买卖公证申请表', c, fp, 'application_form');
  l.title('商品房买卖公证申请表');
  l.para(`${c.officeName}：`, { bold: true });
  l.para('本人因购买商品房，向贵处申请办理商品房买卖合同公证，现将有关情况填报如下：', { indent: true });
  l.para('申请人', { bold: true });
  l.fields(partyRows(c));
  if (c.coBuyers.length) l.para(`共同申请人（共同买受人）：${c.coBuyers.join('、')}`);
  l.para('关系人（出卖人）', { bold: true });
  l.fields([
    ['名称', c.seller.name],
    ['统一社会信用代码', c.seller.uscc],
    ['法定代表人', blank(c.seller.legalRepresentative)],
    ['住所', blank(c.seller.address)],
  ]);
  l.para('申请公证事项', { bold: true });
  l.fields([
    ['公证事项', '商品房买卖合同'],
    ['业务号', c.contract.businessNumber],
    ['合同编号', blank(c.contract.contractNumber)],
    ['合同总价款', `人民币 ${yuan(c.contract.totalPrice)} 元`],
    ['房屋', unitLabel(c.unit)],
    ['预售许可证号', c.unit.presaleLicence],
    ['公证书用途', '办理商品房买卖合同备案'],
    ['使用地', c.usePlace],
    ['公证书份数', `${c.copies} 份`],
    [
      '申请方式',
      c.channel === 'mainland' ? '网上申请（人脸识别核验身份）' : '网上申请（身份证明文件及佐证视频核验身份）',
    ],
  ]);
  l.para('提交的证明材料', { bold: true });
  l.para(
    [
      '1. 申请人身份证明文件（正反面照片）',
      '2. 《中山市商品房买卖合同》电子文本',
      '3. 出卖人营业执照、法定代表人身份证明',
      '4. 商品房预售许可证',
      c.channel === 'mainland' ? '5. 人脸识别核验记录' : '5. 手持身份证明文件照片及佐证视频',
    ].join('\n'),
  );
  l.para('申请人声明', { bold: true });
  l.para(
    '本人保证以上填写的内容及提交的证明材料真实、合法、有效，如有虚假，愿意承担由此产生的一切法律责任。本人已阅读《商品房买卖合同公证告知》，知悉公证的效力、本人的权利义务及法律后果。',
    { indent: true },
  );
  buyerSignature(l, c, '申请人（签名）：');
  return done(await toPdfA3b(await l.finish()), fp);
}

export async function renderNotaryNotice(input: TNotaryCaseData): Promise<RenderedDocument> {
  const c = ZNotaryCaseData.parse(input);
  const fp = fingerprint({ doc: 'notice', version: NOTARY_NOTICE_VERSION, c });
  const l = layout('商品房买卖合同公证告知', c, fp, 'notice');
  l.title('商品房买卖合同公证告知');
  l.para(`版本：${NOTARY_NOTICE_VERSION}    文本指纹：${notaryNoticeHash().slice(0, 16).toUpperCase()}`, {
    align: 'center',
    size: 8.5,
    color: '#555',
  });
  l.gap(4);
  l.para(`${c.buyer.name}（${c.buyer.idType} ${c.buyer.idNumber}）：`, { bold: true });
  l.para(
    `您申请办理的位于${unitLabel(c.unit)}的商品房买卖合同（业务号 ${c.contract.businessNumber}）公证事项，出卖人为${c.seller.name}。根据《中华人民共和国公证法》《公证程序规则》的规定，现将有关事项告知如下：`,
    { indent: true },
  );
  for (const s of NOTARY_NOTICE_SECTIONS) {
    l.article(s.title);
    s.items.forEach((t) => l.para(t, { indent: true }));
  }
  buyerSignature(l, c, '告知对象（签名）：');
  l.para(`告知人：${c.officeName}  ${c.notaryName ?? ''}`, { align: 'right' });
  return done(await toPdfA3b(await l.finish()), fp);
}

export async function renderCaseRecord(input: TNotaryCaseData): Promise<RenderedDocument> {
  const c = ZNotaryCaseData.parse(input);
  const fp = fingerprint({ doc: 'record', c });
  const l = layout('收案记录', c, fp, 'intake_record');
  l.title('收案记录');
  l.fields([
    ['案号', c.caseNumber],
    ['收案时间', cnDateTime(c.receivedAt)],
    ['公证事项', '商品房买卖合同'],
    ['受理方式', c.channel === 'mainland' ? '网上申请（中国大陆居民）' : '网上申请（非中国大陆居民）'],
    ['承办公证员', blank(c.notaryName)],
    ['业务号', c.contract.businessNumber],
  ]);
  l.para('当事人', { bold: true });
  l.table(
    [
      { header: '身份', width: 2 },
      { header: '姓名/名称', width: 4 },
      { header: '证件', width: 5 },
      { header: '联系方式', width: 3 },
    ],
    [
      ['申请人（买受人）', c.buyer.name, `${c.buyer.idType} ${c.buyer.idNumber}`, blank(c.buyer.phone)],
      ...c.coBuyers.map((n) => ['共同买受人', n, '见其本人收案记录', '']),
      ['关系人（出卖人）', c.seller.name, `统一社会信用代码 ${c.seller.uscc}`, blank(c.seller.phone)],
    ],
  );
  l.para('标的房屋', { bold: true });
  l.fields([
    ['房屋', unitLabel(c.unit)],
    ['坐落', blank(c.unit.location)],
    ['建筑面积', `${c.unit.buildingArea.toFixed(2)} m²`],
    ['合同总价款', `人民币 ${yuan(c.contract.totalPrice)} 元`],
  ]);
  l.para('收取材料', { bold: true });
  l.table(
    [
      { header: '序号', width: 1, align: 'center' },
      { header: '材料名称', width: 6 },
      { header: '形式', width: 2 },
    ],
    [
      ['1', '商品房买卖公证申请表', '电子'],
      ['2', `商品房买卖合同公证告知（${NOTARY_NOTICE_VERSION}）`, '电子'],
      ['3', '中山市商品房买卖合同', '电子'],
      ['4', '申请人身份证明文件正反面照片', '电子'],
      ['5', '申请人电子签名', '电子'],
      ['6', c.channel === 'mainland' ? '人脸识别核验记录' : '手持身份证明文件照片、佐证视频', '电子'],
    ],
  );
  l.para('以上材料已于收案时登记，电子材料的哈希值记录于系统审计日志。', { indent: true });
  l.ensure(130);
  l.gap(10);
  const y = l.doc.y;
  l.para(`收案人：${blank(c.notaryName)}`, { align: 'right' });
  l.para(`${c.officeName}`, { align: 'right' });
  l.para(cnDateTime(c.receivedAt).split(' ')[0], { align: 'right' });
  drawSeal(l.doc, l.left + l.width - 70, y + 22, 44, c.officeName, { label: '业务专用章' });
  l.doc.y = Math.max(l.doc.y, y + 80);
  return done(await toPdfA3b(await l.finish()), fp);
}
