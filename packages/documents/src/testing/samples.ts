// Sample records and generated images for tests, the bench and demos. Images are drawn with
// pngjs so nothing depends on files outside the repository.
import { PNG } from 'pngjs';
import type { TCertificateData, TEContractData, TFilingData, TNotaryCaseData } from '../types.ts';

/** A w×h PNG painted by f(x, y) → [r, g, b, a]. */
export function png(
  w: number,
  h: number,
  f: (x: number, y: number) => [number, number, number, number],
  alpha = false,
): Buffer {
  const p = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const [r, g, b, a] = f(x, y);
      p.data[i] = r;
      p.data[i + 1] = g;
      p.data[i + 2] = b;
      p.data[i + 3] = a;
    }
  // without alpha unless asked: like scans and photos, and pdfkit embeds such PNG data as is
  return PNG.sync.write(p, { colorType: alpha ? 6 : 2 });
}

/** A floor plan: walls as dark lines on white, rooms as a grid. */
export const floorPlan = (w = 600, h = 420): Buffer =>
  png(w, h, (x, y) => {
    const wall =
      x < 6 ||
      y < 6 ||
      x > w - 7 ||
      y > h - 7 ||
      Math.abs(x - w * 0.45) < 3 ||
      (Math.abs(y - h * 0.55) < 3 && x > w * 0.45) ||
      (Math.abs(x - w * 0.75) < 3 && y < h * 0.55);
    return wall ? [40, 40, 40, 255] : [250, 250, 245, 255];
  });

/** A drawn signature: a dark-blue wave on a transparent background. */
export const signature = (seed = 1): Buffer =>
  png(
    360,
    120,
    (x, y) => {
      const c = 60 + 30 * Math.sin(x / (14 + seed)) * Math.cos(x / (37 + seed * 3));
      return Math.abs(y - c) < 3 ? [20, 30, 110, 255] : [255, 255, 255, 0];
    },
    true,
  );

/** A stand-in for an ID card photo: a tinted card with a portrait block. */
export const idPhoto = (tint: number): Buffer =>
  png(428, 270, (x, y) => {
    const portrait = x > 290 && x < 400 && y > 40 && y < 190;
    return portrait ? [120, 110, 100, 255] : [200 - tint, 220, 235 + (tint % 20), 255];
  });

export function sampleEContract(over: Partial<TEContractData> = {}): TEContractData {
  return {
    businessNumber: 'WQ2026031500123',
    contractNumber: 'ZS-YS-2026-000123',
    contractDate: '2026-03-15',
    seller: {
      name: '中山市翠湖置业发展有限公司',
      uscc: '91442000MA4UXXXX1K',
      address: '中山市石岐区民族东路88号',
      legalRepresentative: '陈建国',
      phone: '0760-88881234',
    },
    buyers: [
      {
        name: '李明华',
        nationality: '中国',
        idType: '居民身份证',
        idNumber: '44200019900307123X',
        address: '广东省中山市东区中山四路1号',
        phone: '13800001111',
        share: '50%',
      },
      {
        name: '王秀英',
        nationality: '中国香港',
        idType: '港澳居民来往内地通行证',
        idNumber: 'H12345678',
        address: '香港九龙弥敦道100号',
        phone: '85291234567',
        share: '50%',
      },
    ],
    unit: {
      projectName: '翠湖花园',
      location: '东区博爱七路以南',
      building: '3幢',
      unitNumber: '2单元',
      room: '1203房',
      floor: '12',
      totalFloors: 32,
      use: '住宅',
      structure: '钢筋混凝土结构',
      ceilingHeight: 3,
      buildingArea: 98.76,
      innerArea: 80.12,
      sharedArea: 18.64,
      presaleLicence: '中建预许字(2026)第0045号',
      mortgaged: false,
    },
    price: { method: '按照建筑面积计算', unitPrice: 21500, total: 2123340 },
    payment: {
      kind: 'loan',
      loanType: '商业贷款',
      downPayment: 643340,
      downPaymentDueDate: '2026-03-20',
      loanAmount: 1480000,
      lender: '中国建设银行中山分行',
      applyBy: '2026-04-15',
    },
    delivery: { date: '2027-12-31', conditions: ['该商品房已取得规划条件核实合格证明'] },
    registration: { filingWithinDays: 30, transferWithinDays: 365 },
    propertyManagement: { company: '中山市翠湖物业服务有限公司', fee: '2.80元/月·m²' },
    warrantyYears: 5,
    supplementaryTerms: ['买受人已知悉该项目周边规划情况。', '出卖人承诺于交付时提供入户门智能门锁一套。'],
    floorPlans: [{ title: '3幢2单元1203房 平面图（上北下南）', data: floorPlan() }],
    seals: { seller: true, buyerSignatures: [signature(1), signature(2)] },
    ...over,
  };
}

export function sampleNotaryCase(over: Partial<TNotaryCaseData> = {}): TNotaryCaseData {
  const c = sampleEContract();
  return {
    caseNumber: '(2026)粤中山受字第0456号',
    officeName: '广东省中山市公证处',
    notaryName: '黄志强',
    receivedAt: '2026-03-15T09:30:00+08:00',
    contract: { businessNumber: c.businessNumber, contractNumber: c.contractNumber, totalPrice: c.price.total },
    seller: c.seller,
    buyer: c.buyers[0],
    coBuyers: [c.buyers[1].name],
    unit: c.unit,
    channel: 'mainland',
    signature: signature(1),
    signedAt: '2026-03-15T10:02:00+08:00',
    ...over,
  };
}

export function sampleCertificate(eContractPdf: Buffer, over: Partial<TCertificateData> = {}): TCertificateData {
  const c = sampleEContract();
  return {
    certificateNumber: '(2026)粤中山证字第1234号',
    officeName: '广东省中山市公证处',
    officeAddress: '中山市东区松苑路1号',
    notaryName: '黄志强',
    issueDate: '2026-03-18',
    signingDate: '2026-03-15',
    verifyUrl: 'https://netsign.example.cn/verify?cert=2026-1234&code=7F3A9C',
    contract: { businessNumber: c.businessNumber, contractNumber: c.contractNumber },
    seller: c.seller,
    buyers: [
      {
        ...c.buyers[0],
        verification: 'face',
        verifiedAt: '2026-03-15T10:01:00+08:00',
        idFront: idPhoto(10),
        idBack: idPhoto(40),
        signature: signature(1),
      },
      {
        ...c.buyers[1],
        verification: 'document-video',
        verifiedAt: '2026-03-15T11:20:00+08:00',
        idFront: idPhoto(70),
        idBack: idPhoto(90),
        signature: signature(2),
      },
    ],
    unit: c.unit,
    eContractPdf,
    sellerLicence: idPhoto(120),
    legalRepIdFront: idPhoto(20),
    legalRepIdBack: idPhoto(60),
    ...over,
  };
}

export function sampleFiling(over: Partial<TFilingData> = {}): TFilingData {
  const c = sampleEContract();
  return {
    filingNumber: 'BA2026-ZS-0007788',
    filingDate: '2026-03-25',
    businessNumber: c.businessNumber,
    contractNumber: c.contractNumber,
    certificateNumber: '(2026)粤中山证字第1234号',
    seller: c.seller,
    buyers: c.buyers,
    unit: c.unit,
    totalPrice: c.price.total,
    verifyUrl: 'https://netsign.example.cn/verify?filing=BA2026-ZS-0007788',
    ...over,
  };
}
