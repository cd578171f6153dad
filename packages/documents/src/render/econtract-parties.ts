// GF-2014-0171 front matter and chapters 一–三: parties, the unit, the price and payment.
import type { Layout } from '../layout.ts';
import type { TEContract } from '../types.ts';
import { area, blank, cnDate, yuan, yuanCapital } from '../format.ts';

export function frontMatter(l: Layout, _c: TEContract): void {
  l.heading('说  明');
  [
    '1. 本合同文本为示范文本，由中华人民共和国住房和城乡建设部、国家工商行政管理总局共同制定（GF—2014—0171），中山市按本市网上签约的要求使用。',
    '2. 签订本合同前，出卖人应当向买受人出示《商品房预售许可证》及其他有关证书和证明文件。',
    '3. 出卖人应当就合同重大事项对买受人尽到提示义务。买受人应当审慎签订合同，在签订本合同前，要仔细阅读合同条款，特别是审阅其中具有选择性、补充性、修改性的内容，注意防范潜在的市场风险和交易风险。',
    '4. 本合同文本【】中选择内容，以划√方式选定；对于实际情况未发生或买卖双方不作约定时，应当在空格部位打×，以示删除。本电子合同中未填写的空格以“______”表示。',
    '5. 出卖人与买受人可以针对本合同文本中没有约定或者约定不明确的内容，根据所售项目的具体情况在相关条款后的空白行中进行补充约定，也可以另行签订补充协议。',
    '6. 本合同通过中山市商品房网上签约备案系统在线订立，双方当事人的电子签名与手写签名或者盖章具有同等的法律效力。',
  ].forEach((t) => l.para(t));
  l.heading('专业术语解释');
  [
    '1. 商品房的预售：是指房地产开发企业将正在建设中的取得《商品房预售许可证》的商品房预先出售给买受人，并由买受人支付定金或房价款的行为。',
    '2. 法定代理人：是指依照法律规定直接取得代理权的人。',
    '3. 套内建筑面积：是指成套房屋的套内建筑面积，由套内使用面积、套内墙体面积、套内阳台建筑面积三部分组成。',
    '4. 房屋的建筑面积：是指房屋外墙（柱）勒脚以上各层的外围水平投影面积，包括阳台、挑廊、地下室、室外楼梯等，且具备有上盖，结构牢固，层高2.20米以上（含2.20米）的永久性建筑。',
    '5. 不可抗力：是指不能预见、不能避免并不能克服的客观情况。',
    '6. 分摊的共有建筑面积：是指房屋买受人购买的商品房应当分摊的共有建筑面积。',
  ].forEach((t) => l.para(t));
}

export function chapterParties(l: Layout, c: TEContract): void {
  l.heading('第一章  合同当事人');
  const s = c.seller;
  l.fields([
    ['出卖人', s.name],
    ['统一社会信用代码', s.uscc],
    ['通讯地址', blank(s.address)],
    ['联系电话', blank(s.phone)],
    ['法定代表人', blank(s.legalRepresentative)],
    ['资质证书号', blank(s.qualificationCertificate)],
    ['委托代理人', blank(s.agent)],
    ['', ''],
  ]);
  c.buyers.forEach((b, i) => {
    l.para(c.buyers.length > 1 ? `买受人（${i + 1}/${c.buyers.length}）` : '买受人', { bold: true });
    l.fields([
      ['姓名/名称', b.name],
      ['国籍/地区', b.nationality],
      ['证件类型', b.idType],
      ['证件号码', b.idNumber],
      ['出生日期', b.birthDate ? cnDate(b.birthDate) : blank(undefined)],
      ['性别', blank(b.gender)],
      ['通讯地址', blank(b.address)],
      ['联系电话', blank(b.phone)],
      ['邮政编码', blank(b.postalCode)],
      ['共有份额', c.buyers.length > 1 ? blank(b.share) : '单独所有'],
    ]);
  });
}

export function chapterUnit(l: Layout, c: TEContract): void {
  const u = c.unit;
  l.heading('第二章  商品房基本状况');
  l.article('第一条  项目建设依据');
  l.para(
    `1. 出卖人以出让方式取得位于中山市${blank(u.location)}的国有建设用地使用权。该地块国有土地使用证号（不动产权证号）为${blank(u.landCertificate)}。`,
    { indent: true },
  );
  l.para(
    `2. 出卖人经批准，在上述地块上建设的商品房项目核准名称为${u.projectName}，建设工程规划许可证号为${blank(u.planningPermit)}，建筑工程施工许可证号为${blank(u.constructionPermit)}。`,
    { indent: true },
  );
  l.article('第二条  预售依据');
  l.para(`该商品房已由中山市住房和城乡建设局批准预售，预售许可证号为${u.presaleLicence}。`, { indent: true });
  l.article('第三条  商品房基本情况');
  l.para(`1. 该商品房的规划用途为【${u.use}】。`, { indent: true });
  l.para(`2. 该商品房所在建筑物的主体结构为${blank(u.structure)}，建筑总层数为${blank(u.totalFloors)}层。`, {
    indent: true,
  });
  l.para(
    `3. 该商品房为第一条规定项目中的【${u.building}】【${blank(u.unitNumber)}】【${u.floor}层】【${u.room}】。房屋竣工后，如房号发生改变，不影响该商品房的特定位置。该商品房的平面图见附件一。`,
    { indent: true },
  );
  l.para('4. 该商品房的面积（预测）如下：', { indent: true });
  l.table(
    [
      { header: '项目名称', width: 3 },
      { header: '房号', width: 3 },
      { header: '建筑面积（m²）', width: 2, align: 'right' },
      { header: '套内建筑面积（m²）', width: 2, align: 'right' },
      { header: '分摊共有建筑面积（m²）', width: 2, align: 'right' },
    ],
    [
      [
        u.projectName,
        `${u.building}${u.unitNumber ?? ''}${u.room}`,
        area(u.buildingArea),
        area(u.innerArea),
        area(u.sharedArea),
      ],
    ],
  );
  l.para(
    `该商品房层高为${u.ceilingHeight ? u.ceilingHeight.toFixed(2) : blank(undefined)}米。有关共用部位的说明见附件二。`,
    { indent: true },
  );
  l.article('第四条  抵押情况');
  l.para(
    u.mortgaged
      ? '与该商品房有关的抵押情况为【抵押】。抵押权人同意该商品房转让的证明及关于抵押的相关约定见附件三。'
      : '与该商品房有关的抵押情况为【未抵押】。',
    { indent: true },
  );
  l.article('第五条  房屋权利状况承诺');
  l.para(
    '1. 出卖人对该商品房享有合法权利；2. 该商品房没有出售给除本合同买受人以外的其他人；3. 该商品房没有司法查封或其他限制转让的情况；4. 出卖人不得在该商品房上设定新的抵押权。如该商品房权利状况与上述情况不符，导致不能完成本合同登记备案或房屋所有权转移登记的，买受人有权解除合同。',
    { indent: true },
  );
}

export function chapterPrice(l: Layout, c: TEContract): void {
  const p = c.price;
  l.heading('第三章  商品房价款');
  l.article('第六条  计价方式与价款');
  l.para(`出卖人与买受人按照下列方式计算该商品房价款：【${p.method}】。`, { indent: true });
  const unitPrice = p.method === '按照套计算' ? '—' : `${yuan(p.unitPrice)} 元/m²`;
  l.fields([
    ['计价方式', p.method],
    ['单价', unitPrice],
    ['总价款（小写）', `人民币 ${yuan(p.total)} 元`],
    ['总价款（大写）', `人民币${yuanCapital(p.total)}`],
  ]);
  l.article('第七条  付款方式及期限');
  const pay = c.payment;
  if (pay.kind === 'lump') {
    l.para(
      `签订本合同后，买受人采取【一次性付款】方式付款，于${cnDate(pay.dueDate)}前支付该商品房全部价款人民币${yuan(p.total)}元（大写：${yuanCapital(p.total)}）。`,
      { indent: true },
    );
  } else if (pay.kind === 'installment') {
    l.para('签订本合同后，买受人采取【分期付款】方式付款，分期付款的期限及金额如下：', { indent: true });
    l.table(
      [
        { header: '期数', width: 1, align: 'center' },
        { header: '付款期限', width: 3 },
        { header: '金额（元）', width: 3, align: 'right' },
        { header: '金额（大写）', width: 5 },
      ],
      pay.installments.map((x, i) => [`第${i + 1}期`, `${cnDate(x.dueDate)}前`, yuan(x.amount), yuanCapital(x.amount)]),
    );
  } else {
    l.para(
      `签订本合同后，买受人采取【贷款方式付款】（${pay.loanType}）。买受人于${cnDate(pay.downPaymentDueDate)}前支付首期房价款人民币${yuan(pay.downPayment)}元（大写：${yuanCapital(pay.downPayment)}），余款人民币${yuan(pay.loanAmount)}元（大写：${yuanCapital(pay.loanAmount)}）向${blank(pay.lender)}申请贷款支付。买受人应当于${cnDate(pay.applyBy)}前办理贷款申请手续。`,
      { indent: true },
    );
    l.para(
      '买受人未能在约定期限内获得贷款批准的，双方可协商一致改为其他付款方式；协商不成的，买受人有权解除合同，出卖人应当自解除合同通知送达之日起15日内退还买受人已付全部房款（含已付贷款部分）。',
      { indent: true },
    );
  }
  l.para(
    '该商品房价款的计价方式、总价款、付款方式及期限的具体约定见附件四。出卖人应当将房价款存入商品房预售资金监管账户。',
    { indent: true },
  );
  const li = c.liabilities;
  l.article('第八条  逾期付款责任');
  l.para(`除不可抗力外，买受人未按照约定时间付款的，按照下列方式处理：`, { indent: true });
  l.para(
    `（1）逾期在${li.latePaymentGraceDays}日之内，买受人按日计算向出卖人支付逾期应付款${li.latePaymentDailyRate}的违约金。`,
    { indent: true },
  );
  l.para(
    `（2）逾期超过${li.latePaymentGraceDays}日后，出卖人有权解除合同。出卖人解除合同的，应当书面通知买受人。买受人应当自解除合同通知送达之日起15日内按照累计应付款的${li.terminationPenaltyPercent}%向出卖人支付违约金，同时，出卖人退还买受人已付全部房款（含已付贷款部分）。出卖人不解除合同的，买受人按日计算向出卖人支付逾期应付款${li.latePaymentDailyRate}的违约金。`,
    { indent: true },
  );
}
