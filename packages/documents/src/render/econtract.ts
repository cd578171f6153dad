// 中山市商品房买卖合同 (GF-2014-0171, 预售): cover, 说明, chapters 一–十, the signing block with
// the seller's seal and buyers' signatures, then 附件一–十一 (floor plans in 附件一).
import { Layout } from '../layout.ts';
import { drawSeal } from '../seal.ts';
import { ZEContractData, type TEContract, type TEContractData } from '../types.ts';
import { blank, cnDate, fingerprint, shortFingerprint, yuan, yuanCapital } from '../format.ts';
import { chapterParties, chapterPrice, chapterUnit, frontMatter } from './econtract-parties.ts';
import {
  chapterAreaDifference,
  chapterChanges,
  chapterDelivery,
  chapterManagement,
  chapterOther,
  chapterQuality,
  chapterRegistration,
} from './econtract-terms.ts';
import { toPdfA3b } from '../pdfa.ts';
import { done, type RenderedDocument } from './rendered.ts';
import { MARKER } from '../pki/policy.ts';

export async function renderEContract(input: TEContractData): Promise<RenderedDocument> {
  const c = ZEContractData.parse(input);
  const fp = fingerprint(c);
  const l = new Layout({
    title: '中山市商品房买卖合同',
    subject: `业务号 ${c.businessNumber}`,
    author: c.seller.name,
    header: `中山市商品房买卖合同（预售）    业务号：${c.businessNumber}`,
    headerOnFirst: true,
    footerNote: `文件指纹 SHA-256 ${shortFingerprint(fp)}`,
    creationDate: c.contractDate ? new Date(`${c.contractDate}T00:00:00+08:00`) : undefined,
    marker: { kind: 'econtract', reference: c.businessNumber, buyers: c.buyers.length },
  });
  cover(l, c);
  l.newPage();
  frontMatter(l, c);
  l.newPage();
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
  signingBlock(l, c);
  attachments(l, c);
  // "合同第 x 页": the contract's own numbering stays unambiguous inside the 公证书
  return done(await toPdfA3b(await l.finish({ offset: 0, total: l.pageCount, prefix: '合同' })), fp);
}

function cover(l: Layout, c: TEContract): void {
  const d = l.doc;
  l.para('GF—2014—0171', { align: 'right' });
  d.y = 190;
  l.title('中山市商品房买卖合同', 28);
  l.para('（预售）', { align: 'center', size: 16 });
  d.y = 360;
  const buyers = c.buyers.map((b) => b.name).join('、');
  l.fields(
    [
      ['合同编号', blank(c.contractNumber)],
      ['业务号', c.businessNumber],
      ['出卖人', c.seller.name],
      ['买受人', buyers],
      ['房屋', `${c.unit.projectName}${c.unit.building}${c.unit.unitNumber ?? ''}${c.unit.room}`],
      ['签订日期', cnDate(c.contractDate)],
    ],
    1,
  );
  d.y = 680;
  l.para('中华人民共和国住房和城乡建设部\n中华人民共和国国家工商行政管理总局  制定\n中山市住房和城乡建设局  监制', {
    align: 'center',
  });
}

/** 出卖人（签章） with the red seal over it, 买受人（签章） with each buyer's drawn signature. */
function signingBlock(l: Layout, c: TEContract): void {
  const d = l.doc;
  const rowH = 62;
  const needed = Math.max(170, c.buyers.length * rowH + 20) + 50;
  l.ensure(needed);
  l.gap(16);
  const top = d.y;
  const half = l.width / 2;
  const x0 = l.left;
  const x1 = l.left + half + 10;
  d.font('bold')
    .fontSize(11)
    .text('出卖人（签章）：', x0, top, { width: half - 10 });
  d.font('body')
    .fontSize(10.5)
    .text(c.seller.name, x0, top + 20, { width: half - 10 });
  d.text(
    `【法定代表人】【委托代理人】（签字或盖章）：${c.seller.agent ?? c.seller.legalRepresentative ?? '______'}`,
    x0,
    top + 80,
    { width: half - 10 },
  );
  if (c.seals.seller) drawSeal(d, x0 + 110, top + 58, 48, c.seller.name, { label: '合同专用章' });
  const page = l.pageCount - 1;
  const spots: string[] = [];
  c.buyers.forEach((b, i) => {
    const y = top + i * rowH;
    d.font('bold')
      .fontSize(11)
      .text('买受人（签章）：', x1, y, { width: half - 10 });
    d.font('body')
      .fontSize(10.5)
      .text(b.name, x1, y + 18, { width: 80 });
    // where this buyer's own signature widget goes (PDF user space, origin bottom left)
    const [sx, sw, sh] = [x1 + 85, half - 100, rowH - 12];
    const sy = d.page.height - (y + 4) - sh;
    spots.push([i, page, sx, sy, sx + sw, sy + sh].map((n) => +n.toFixed(2)).join(' '));
    const sig = c.seals.buyerSignatures[i];
    if (sig) d.image(Buffer.from(sig), x1 + 85, y + 4, { fit: [half - 100, rowH - 12] });
    else d.text('______', x1 + 85, y + 18);
  });
  (d.info as unknown as Record<string, string>)[MARKER.signatureSpots] = spots.join(';');
  d.y = top + Math.max(150, c.buyers.length * rowH + 10);
  d.x = l.left;
  l.para(`签订时间：${cnDate(c.contractDate)}        签订地点：${c.signingPlace}`);
}

function attachments(l: Layout, c: TEContract): void {
  l.newPage();
  l.heading('附件一  房屋平面图（应当标明方位）');
  const plans = [...c.floorPlans, ...c.drainagePlans.map((p) => ({ ...p, title: p.title ?? '排水布置示意图' }))];
  if (plans.length === 0) l.para('（出卖人未上传房屋平面图）______', { align: 'center' });
  plans.forEach((p, i) =>
    l.image(p.data, { maxHeight: plans.length > 1 ? 330 : 560, caption: p.title ?? `房屋平面图 ${i + 1}` }),
  );
  const simple: [string, string][] = [
    [
      '附件二  关于该商品房共用部位的具体说明（可附图说明）',
      '1. 纳入该商品房分摊的共用部位的名称、面积和所在位置：______\n2. 未纳入该商品房分摊的共用部位的名称、所在位置：______',
    ],
    [
      '附件三  抵押权人同意该商品房转让的证明及关于抵押的相关约定',
      c.unit.mortgaged
        ? '抵押权人：______  抵押登记机构：______  抵押登记日期：______  债务履行期限：______\n抵押权人同意该商品房转让的证明：______'
        : '该商品房未设定抵押。',
    ],
  ];
  for (const [h, t] of simple) {
    l.heading(h, 12);
    l.para(t);
  }
  l.heading('附件四  关于该商品房价款的计价方式、总价款、付款方式及期限的具体约定', 12);
  l.para(
    `计价方式：${c.price.method}；总价款：人民币${yuan(c.price.total)}元（大写：${yuanCapital(c.price.total)}）；付款方式：${{ lump: '一次性付款', installment: '分期付款', loan: '贷款方式付款' }[c.payment.kind]}。其余约定见第六条、第七条。`,
  );
  const rest: [string, string][] = [
    ['附件五  关于本项目内相关设施、设备的具体约定', '1. 相关设施的位置及用途：______\n2. 其他约定：______'],
    [
      '附件六  关于装饰装修及相关设备标准的约定',
      '交付的商品房达不到本附件约定装修标准的，买受人有权要求出卖人按照实际差价的______倍给予补偿。\n外墙：______  起居室：______  厨房：______  卫生间：______  门窗：______',
    ],
    [
      '附件七  关于保修范围、保修期限和保修责任的约定',
      '该商品房为住宅的，出卖人应当提供《住宅质量保证书》。保修范围及期限：地基基础和主体结构为设计文件规定的合理使用年限；屋面防水工程、有防水要求的卫生间、房间和外墙面的防渗漏为______年；供热与供冷系统为______个采暖期/供冷期；电气管线、给排水管道、设备安装为______年；装修工程为______年。',
    ],
    ['附件八  关于质量担保的证明', '质量担保人：______  担保方式：______'],
    [
      '附件九  关于前期物业管理期间费用的约定',
      `物业服务企业：${blank(c.propertyManagement.company)}；物业服务收费标准：${blank(c.propertyManagement.fee)}。`,
    ],
    [
      '附件十  出卖人关于遮挡或妨碍房屋正常使用情况的说明',
      '（如：该商品房公共管道检修口、柱子、变电箱等有遮挡或妨碍房屋正常使用的情况）______',
    ],
  ];
  for (const [h, t] of rest) {
    l.heading(h, 12);
    l.para(t);
  }
  l.heading('附件十一  补充协议', 12);
  if (c.supplementaryTerms.length === 0) l.para('（无）');
  c.supplementaryTerms.forEach((t, i) => l.para(`${i + 1}. ${t}`, { indent: true }));
}
