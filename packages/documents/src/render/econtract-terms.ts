// GF-2014-0171 chapters 四–十: delivery, area difference, design changes, quality, filing and
// registration, property management, other matters. The text follows the model; values from data.
import type { Layout } from '../layout.ts';
import type { TEContract } from '../types.ts';
import { blank, cnDate } from '../format.ts';

export function chapterDelivery(l: Layout, c: TEContract): void {
  const li = c.liabilities;
  l.heading('第四章  商品房交付条件与交付手续');
  l.article('第九条  商品房交付条件');
  l.para('该商品房交付时应当符合下列第1、2、______项所列条件：', { indent: true });
  l.para('1. 该商品房已取得建设工程竣工验收备案证明文件；2. 该商品房已取得房屋测绘报告；', { indent: true });
  c.delivery.conditions.forEach((t, i) => l.para(`${i + 3}. ${t}`, { indent: true }));
  l.article('第十条  商品房相关设施设备交付条件');
  l.para(
    '基础设施设备（供水、排水、供电、燃气、电话通信、有线电视、宽带网络）及公共服务及其他配套设施以建设工程规划许可为准，具体约定见附件五。',
    { indent: true },
  );
  l.article('第十一条  交付时间和手续');
  l.para(
    `出卖人应当在${cnDate(c.delivery.date)}前向买受人交付该商品房。该商品房达到第九条、第十条约定的交付条件后，出卖人应当在交付日期届满前10日将查验房屋的时间、办理交付手续的时间地点以及应当携带的证件材料的通知书面送达买受人。`,
    { indent: true },
  );
  l.para(
    '查验房屋时，出卖人应当出示满足第九条约定的证明文件。买受人对房屋存在的问题可以提出书面意见，出卖人应当自查验次日起30日内负责修复。',
    { indent: true },
  );
  l.article('第十二条  逾期交付责任');
  l.para(
    `除不可抗力外，出卖人未按照第十一条约定的时间将该商品房交付买受人的，按照下列方式处理：（1）逾期在${li.lateDeliveryGraceDays}日之内，出卖人按日计算向买受人支付全部房价款${li.lateDeliveryDailyRate}的违约金；（2）逾期超过${li.lateDeliveryGraceDays}日后，买受人有权解除合同。买受人解除合同的，出卖人应当自解除合同通知送达之日起15日内退还买受人已付全部房款（含已付贷款部分），并自买受人付款之日起，按照不低于中国人民银行公布的同期贷款基准利率计付利息；同时，出卖人按照全部房价款的${li.terminationPenaltyPercent}%向买受人支付违约金。`,
    { indent: true },
  );
}

export function chapterAreaDifference(l: Layout, c: TEContract): void {
  l.heading('第五章  面积差异处理方式');
  l.article('第十三条  面积差异处理');
  l.para(
    '该商品房交付时，出卖人应当向买受人出示房屋测绘报告，并向买受人提供该商品房的面积实测数据（以下简称实测面积）。实测面积与第三条载明的预测面积发生误差的，双方同意按照第______种方式处理。',
    { indent: true },
  );
  if (c.areaDifference.method === 'agreed') {
    l.para(`【双方自行约定】${blank(c.areaDifference.agreedText)}`, { indent: true });
    return;
  }
  l.para('【根据第六条按照套内建筑面积（建筑面积）计价的约定】：', { indent: true });
  l.para('（1）面积误差比绝对值在3%以内（含3%）的，据实结算房价款；', { indent: true });
  l.para(
    '（2）面积误差比绝对值超出3%时，买受人有权解除合同。买受人解除合同的，出卖人应当自解除合同通知送达之日起15日内退还买受人已付全部房款（含已付贷款部分），并自买受人付款之日起，按照不低于中国人民银行公布的同期贷款基准利率计付利息。',
    { indent: true },
  );
  l.para(
    '买受人选择不解除合同的，实测面积大于预测面积时，面积误差比在3%以内（含3%）部分的房价款由买受人补足；超出3%部分的房价款由出卖人承担，产权归买受人所有。实测面积小于预测面积时，面积误差比绝对值在3%以内（含3%）部分的房价款，由出卖人返还买受人；绝对值超出3%部分的房价款由出卖人双倍返还买受人。',
    { indent: true },
  );
  l.para('面积误差比 =（实测面积 − 预测面积）÷ 预测面积 × 100%', { align: 'center' });
}

export function chapterChanges(l: Layout): void {
  l.heading('第六章  规划设计变更');
  l.article('第十四条  规划变更');
  l.para(
    '出卖人应当按照城乡规划主管部门核发的建设工程规划许可证规定的条件建设商品房，不得擅自变更。出卖人确需变更建设工程规划许可证规定条件的，应当书面征得受影响买受人同意，并取得城乡规划主管部门的批准。因规划变更给买受人的权益造成损失的，出卖人应当给予相应的补偿。',
    { indent: true },
  );
  l.article('第十五条  设计变更');
  l.para(
    '经规划部门批准的规划变更、设计单位同意的设计变更导致该商品房结构型式、户型、空间尺寸、朝向发生变化的，出卖人应当在变更确立之日起10日内将书面通知送达买受人。出卖人未在规定时限内通知买受人的，买受人有权解除合同。买受人应当在通知送达之日起15日内做出是否解除合同的书面答复，逾期未予答复的，视同接受变更。',
    { indent: true },
  );
}

export function chapterQuality(l: Layout, c: TEContract): void {
  l.heading('第七章  商品房质量及保修责任');
  l.article('第十六条  商品房质量');
  l.para(
    '出卖人承诺该商品房地基基础和主体结构合格，并符合国家及行业标准。经检测不合格的，买受人有权解除合同。该商品房室内空气质量、建筑隔声和民用建筑节能措施应当符合国家有关标准。',
    { indent: true },
  );
  l.article('第十七条  保修责任');
  l.para(
    `商品房实行保修制度。该商品房为住宅的，出卖人自该商品房交付之日起，按照《住宅质量保证书》承诺的内容承担相应的保修责任，保修期不少于${c.warrantyYears ?? blank(undefined)}年且不低于国家规定的最低保修期限。保修范围、保修期限和保修责任见附件七。`,
    { indent: true },
  );
  l.article('第十八条  质量担保');
  l.para('出卖人不按照第十六条、第十七条约定承担相关责任的，由质量担保人承担连带责任。关于质量担保的证明见附件八。', {
    indent: true,
  });
}

export function chapterRegistration(l: Layout, c: TEContract): void {
  l.heading('第八章  合同备案与房屋登记');
  l.article('第十九条  预售合同登记备案');
  l.para(
    `出卖人应当自本合同签订之日起${c.registration.filingWithinDays}日内（不超过30日）办理商品房预售合同登记备案手续，并将本合同登记备案情况告知买受人。本合同经公证的，以公证书所附合同文本为准办理备案。`,
    { indent: true },
  );
  l.article('第二十条  房屋登记');
  l.para(
    `双方同意共同向房屋登记机构申请办理该商品房的房屋所有权转移登记。买受人应当在该商品房交付之日起${blank(c.registration.transferWithinDays)}日内，与出卖人共同向房屋登记机构申请办理该商品房的不动产转移登记。因出卖人的原因，买受人未能在该商品房交付之日起的约定期限内取得该商品房的不动产权证书的，双方同意按照下列方式处理：买受人有权解除合同；买受人不解除合同的，出卖人按照已付房价款的${c.liabilities.lateDeliveryDailyRate}按日向买受人支付违约金。`,
    { indent: true },
  );
}

export function chapterManagement(l: Layout, c: TEContract): void {
  l.heading('第九章  前期物业管理');
  l.article('第二十一条  前期物业服务');
  l.para(
    `出卖人依法选聘的前期物业服务企业为${blank(c.propertyManagement.company)}，物业服务收费标准为${blank(c.propertyManagement.fee)}。前期物业管理期间费用的约定见附件九。买受人已详细阅读前期物业服务合同和临时管理规约，同意由出卖人依法选聘的物业服务企业实施前期物业管理，遵守临时管理规约。`,
    { indent: true },
  );
  l.article('第二十二条  专项维修资金');
  l.para(
    '买受人委托出卖人代交专项维修资金的，出卖人应当在该商品房交付之日前将专项维修资金交至专项维修资金专户，并向买受人提供专项维修资金缴纳凭证。',
    { indent: true },
  );
}

export function chapterOther(l: Layout, c: TEContract): void {
  l.heading('第十章  其他事项');
  l.article('第二十三条  建筑物区分所有权');
  l.para(
    '买受人对其建筑物专有部分享有占有、使用、收益和处分的权利。建筑区划内的道路、绿地及其他公共场所、公用设施和物业服务用房，属于业主共有。',
    { indent: true },
  );
  l.article('第二十四条  税费');
  l.para(
    '双方应当按照国家的有关规定，向相应部门缴纳因该商品房买卖发生的税费。因预测面积与实测面积差异，导致买受人不能享受税收优惠政策而增加的税收负担，由出卖人承担。',
    { indent: true },
  );
  l.article('第二十五条  销售和使用承诺');
  l.para(
    '出卖人承诺不采取分割拆零销售、返本销售或者变相返本销售的方式销售商品房；不采取售后包租或者变相售后包租的方式销售未竣工商品房。买受人使用该商品房期间，不得擅自改变该商品房的建筑主体结构、承重结构和用途。',
    { indent: true },
  );
  l.article('第二十六条  送达');
  l.para(
    '出卖人和买受人保证在本合同中记载的通讯地址、联系电话均真实有效。任何根据本合同发出的文件，均应采用书面形式，以邮政快递、邮寄挂号信或者在中山市商品房网上签约备案系统内发送的方式送达对方。任何一方变更通讯地址、联系电话的，应在变更之日起7日内书面通知对方。',
    { indent: true },
  );
  l.article('第二十七条  买受人信息保护');
  l.para(
    '出卖人对买受人信息负有保密义务。非因法律、法规规定或国家安全机关、公安机关、检察机关、审判机关、纪检监察部门执行公务的需要，未经买受人书面同意，出卖人及其销售人员和相关工作人员不得对外披露买受人信息，或者将买受人信息用于履行本合同之外的其他用途。',
    { indent: true },
  );
  l.article('第二十八条  争议解决');
  l.para(
    c.disputeResolution === 'arbitration'
      ? `本合同在履行过程中发生的争议，由双方当事人协商解决，也可通过消费者协会等相关机构调解；协商或调解不成的，提交${blank(c.arbitrationCommission)}仲裁委员会仲裁。`
      : '本合同在履行过程中发生的争议，由双方当事人协商解决，也可通过消费者协会等相关机构调解；协商或调解不成的，依法向该商品房所在地人民法院起诉。',
    { indent: true },
  );
  l.article('第二十九条  补充协议');
  l.para(
    '对本合同中未约定或约定不明的内容，双方可根据具体情况签订书面补充协议（补充协议见附件十一）。补充协议中含有不合理的减轻或免除本合同中约定应当由出卖人承担的责任，或不合理的加重买受人责任、排除买受人主要权利内容的，仍以本合同为准。',
    { indent: true },
  );
  l.article('第三十条  合同生效');
  l.para(
    `本合同自双方签字或盖章之日起生效。本合同的解除应当采用书面形式。本合同以电子数据形式订立，经中山市商品房网上签约备案系统生成，合同业务号为${c.businessNumber}。`,
    { indent: true },
  );
}
