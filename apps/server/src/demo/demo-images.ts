import sharp from 'sharp';

// Specimen pictures for the demo's 收件材料 (drawn here, marked 样本): a floor plan, a drainage
// plan, a business licence and the legal representative's ID card.

const svg = (w: number, h: number, body: string) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="Noto Sans CJK SC, Noto Sans SC, sans-serif">${body}</svg>`,
  );

const png = (s: Buffer) => sharp(s).png().toBuffer();

export function floorPlanPng(unit = '1203') {
  return png(
    svg(
      1000,
      700,
      `<rect width="1000" height="700" fill="#fff"/>
    <g fill="none" stroke="#222" stroke-width="8"><rect x="60" y="60" width="880" height="560"/><line x1="480" y1="60" x2="480" y2="400"/><line x1="60" y1="400" x2="940" y2="400"/><line x1="700" y1="400" x2="700" y2="620"/></g>
    <g font-size="34" fill="#333"><text x="200" y="240">客厅</text><text x="640" y="240">主卧</text><text x="300" y="520">餐厅</text><text x="770" y="520">厨房</text></g>
    <text x="60" y="680" font-size="26" fill="#c00">房屋平面图 · ${unit} 室 · 样本 SPECIMEN</text>`,
    ),
  );
}

export function drainagePlanPng() {
  return png(
    svg(
      1000,
      700,
      `<rect width="1000" height="700" fill="#fff"/>
    <g stroke="#06c" stroke-width="6" fill="none"><path d="M100 600 H900 V100"/><path d="M300 600 V300 H600"/><circle cx="900" cy="100" r="20"/></g>
    <text x="60" y="680" font-size="26" fill="#c00">排水布置示意图 · 样本 SPECIMEN</text>`,
    ),
  );
}

export function businessLicencePng(name: string, uscc: string) {
  return png(
    svg(
      1000,
      700,
      `<rect width="1000" height="700" fill="#fffaf0" stroke="#b8860b" stroke-width="16"/>
    <text x="500" y="140" font-size="64" text-anchor="middle" fill="#b22222">营 业 执 照</text>
    <g font-size="30" fill="#222"><text x="120" y="260">统一社会信用代码：${uscc}</text><text x="120" y="330">名称：${name}</text><text x="120" y="400">类型：有限责任公司</text><text x="120" y="470">经营范围：房地产开发经营</text></g>
    <text x="500" y="640" font-size="28" text-anchor="middle" fill="#c00">样本 SPECIMEN</text>`,
    ),
  );
}

export function idCardPng(side: 'front' | 'back', name: string, idNumber: string) {
  const body =
    side === 'front'
      ? `<g font-size="30" fill="#222"><text x="60" y="110">姓名 ${name}</text><text x="60" y="180">性别 男　民族 汉</text><text x="60" y="250">住址 广东省中山市</text><text x="60" y="430">公民身份号码 ${idNumber}</text></g><rect x="640" y="80" width="220" height="280" fill="#dde"/>`
      : `<g font-size="32" fill="#222"><text x="120" y="120">中华人民共和国</text><text x="120" y="200">居民身份证</text><text x="60" y="400">签发机关 中山市公安局</text><text x="60" y="460">有效期限 2020.01.01-2040.01.01</text></g>`;
  return png(
    svg(
      940,
      560,
      `<rect width="940" height="560" rx="30" fill="#eef4ff" stroke="#99a"/>${body}<text x="700" y="530" font-size="26" fill="#c00">样本 SPECIMEN</text>`,
    ),
  );
}
