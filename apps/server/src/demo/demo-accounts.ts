import { buildTd3 } from '@netsign/domain';

/** The demo accounts `npm start` creates and prints; the README lists the same. */
export const DEMO_ACCOUNTS = [
  { username: 'admin', password: 'Admin@2026demo', role: '系统管理', org: '平台管理' },
  { username: 'seller', password: 'Seller@2026demo', role: '网签（开发企业经办人）', org: '中山市翠湖置业有限公司' },
  { username: 'notary', password: 'Notary@2026demo', role: '公证员', org: '广东省中山市中山公证处' },
  { username: 'notary2', password: 'Notary@2026demo', role: '公证员', org: '广东省中山市香山公证处' },
  { username: 'center', password: 'Center@2026demo', role: '备案（交易中心）', org: '中山市房地产交易管理事务中心' },
] as const;

/** Buyers of the demo: sign in on the phone app with these numbers; codes appear at /api/dev/outbox. */
export const DEMO_BUYERS = [
  {
    name: '张明',
    region: 'mainland',
    idType: 'CN_RESIDENT_ID',
    idNumber: '442000198001011239',
    phone: '13800000001',
    nationality: '中国',
    address: '广东省中山市石岐区民生路 1 号',
  },
  {
    name: 'SMITH JOHN ALEXANDER',
    region: 'foreign',
    idType: 'PASSPORT',
    idNumber: 'X12345678',
    phone: '85260000002',
    nationality: 'UTO',
    address: '1 Specimen Road, Utopia',
  },
] as const;

/** The machine-readable zone of SMITH's specimen passport (ICAO 9303 TD3; Utopia, the specimen state). */
export const SMITH_PASSPORT_MRZ = buildTd3({
  issuingState: 'UTO',
  surname: 'SMITH',
  givenNames: 'JOHN ALEXANDER',
  documentNumber: DEMO_BUYERS[1].idNumber,
  nationality: 'UTO',
  birthDate: '1985-06-12',
  sex: 'M',
  expiryDate: '2033-01-01',
});
