import { z } from 'zod';
import { ZContractView, ZProjectView, ZUnitPage, type TUnitView } from '@netsign/api';
import type { ApiClient } from '../../testing/http-client';
import { multipartBody } from '../../testing/http-client';
import { floorPlanPng, drainagePlanPng, businessLicencePng, idCardPng } from '../demo-images';
import { expectOk } from './expect';

export interface BuyerInput {
  name: string;
  region: string;
  nationality: string;
  idType: string;
  idNumber: string;
  phone: string;
  address: string;
  share?: number;
}

/** Fills a GF-2014-0171 contract the way a clerk would for the unit's list price. */
export function contractTerms(
  unit: { buildArea: number; listUnitPrice: number | null },
  buyers: BuyerInput[],
  today: Date,
) {
  const unitPrice = unit.listUnitPrice ?? 2_000_000;
  const total = Math.round((unitPrice * unit.buildArea) / 100);
  const day = (n: number) => new Date(today.getTime() + n * 86400_000).toISOString().slice(0, 10);
  const down = Math.round(total * 0.3);
  return {
    buyers: buyers.map((b) => ({ ...b, share: buyers.length > 1 ? (b.share ?? 100 / buyers.length) : undefined })),
    pricing: { method: 'build_area', unitPrice, totalPrice: total },
    payment: {
      method: 'mortgage',
      firstAmount: down,
      firstDueDate: day(7),
      installments: [],
      loanAmount: total - down,
      loanType: 'commercial',
    },
    delivery: { date: day(540), conditions: ['取得建设工程竣工验收备案证明文件', '取得房屋测绘报告'] },
    areaDifference: { method: 'model_text' },
    registrationDays: 365,
    liabilities: { lateDeliveryDailyRate: 1, latePaymentDailyRate: 1, graceDays: 90 },
    propertyManagement: { company: '中山市翠湖物业服务有限公司', feePerSquareMetre: 280 },
    disputeResolution: { method: 'court' },
    supplementaryTerms: '本合同经电子公证网签方式签订。',
  };
}

/** 纸质合同面签: 打印合同, upload the signed and sealed pages, 提交交易中心; the contract as it then is. */
export async function submitOnPaper(seller: ApiClient, contractId: string) {
  const printed = await seller.get(`/api/contracts/${contractId}/print`);
  if (printed.status !== 200) throw new Error('打印合同失败');
  await uploadMaterial(seller, contractId, 'signed_pages', '签字盖章页.pdf', printed.raw, 'application/pdf');
  return expectOk(await seller.post(`/api/contracts/${contractId}/paper-submit`), '提交交易中心');
}

export async function uploadMaterial(
  seller: ApiClient,
  contractId: string,
  category: string,
  name: string,
  data: Buffer,
  type = 'image/png',
) {
  const mp = multipartBody({}, { name, type, data });
  return expectOk(
    await seller.request('POST', `/api/contracts/${contractId}/materials?category=${category}`, mp.body, mp.headers),
    `上传 ${category}`,
  );
}

/** 签订商品房买卖合同 → 提交 → 设置合同密码 → 收件材料: a contract ready to push or print. */
export async function prepareContract(
  seller: ApiClient,
  o: { unit: TUnitView; buyers: BuyerInput[]; password: string; today: Date },
) {
  const c = expectOk(
    await seller.post('/api/contracts', { unitId: o.unit.id, terms: contractTerms(o.unit, o.buyers, o.today) }),
    '新建合同',
    ZContractView,
  );
  expectOk(await seller.post(`/api/contracts/${c.id}/submit`), '提交');
  expectOk(
    await seller.post(`/api/contracts/${c.id}/password`, { password: o.password, confirm: o.password }),
    '设置合同密码',
  );
  const seller0 = c.parties.seller;
  await uploadMaterial(seller, c.id, 'floor_plan', '平面图.png', await floorPlanPng(c.parties.unit.number));
  await uploadMaterial(seller, c.id, 'drainage_plan', '排水图.png', await drainagePlanPng());
  await uploadMaterial(
    seller,
    c.id,
    'business_licence',
    '营业执照.png',
    await businessLicencePng(seller0.name, seller0.uscc),
  );
  await uploadMaterial(
    seller,
    c.id,
    'legal_rep_id',
    '法人身份证正面.png',
    await idCardPng('front', seller0.legalRepName, '442000197003151235'),
  );
  await uploadMaterial(
    seller,
    c.id,
    'legal_rep_id',
    '法人身份证反面.png',
    await idCardPng('back', seller0.legalRepName, ''),
  );
  await uploadMaterial(
    seller,
    c.id,
    'presale_licence',
    '预售许可证.png',
    await businessLicencePng('预售许可证 ' + c.parties.unit.presaleLicence, ''),
  );
  return c;
}

/** Two available units of the seller's first project. */
export async function availableUnits(seller: ApiClient, n: number) {
  const [project] = expectOk(await seller.get('/api/projects'), '项目列表', z.array(ZProjectView));
  const page = expectOk(
    await seller.get(`/api/projects/${project.id}/units?status=可售&pageSize=${n}`),
    '楼盘表',
    ZUnitPage,
  );
  if (page.items.length < n) throw new Error(`可售房屋不足 ${n} 套`);
  return page.items;
}
