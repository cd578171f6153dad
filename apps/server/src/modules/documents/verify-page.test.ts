import { describe, expect, it } from 'vitest';
import type { TCertificateVerification, TVerifyReport } from '@netsign/api';
import { verifyPage } from './verify-page';

// The /verify page renders the answers of /api/public/certificates/verify and /api/public/verify
// (issue 10: typed by their schemas, no `any`); the flow test reaches the first through the QR.

const stamped = {
  source: 'timestamp',
  time: '2026-03-02T01:02:03.000Z',
  authority: 'netsign TSA',
  trusted: true,
} as const;

const upload: TVerifyReport = {
  sha256: 'a'.repeat(64),
  size: 1000,
  kind: 'econtract',
  kindLabel: { zh: '电子合同', en: 'e-contract' },
  facts: { kind: 'econtract', reference: 'WQ2026030200001X' },
  rule: { zh: '出卖人认证签名，每位买受人签名', en: 'seller certifies, each buyer signs' },
  signatures: [
    {
      index: 0,
      signer: {
        commonName: '中山市翠湖置业有限公司',
        subject: 'CN=中山市翠湖置业有限公司',
        serialNumber: '01',
        issuer: 'CN=netsign',
      },
      role: 'seller',
      roleLabel: { zh: '出卖人', en: 'seller' },
      type: 'certification',
      docMdp: 2,
      signingTime: stamped,
      byteRange: [0, 10, 20, 30],
      revision: 1,
      coversWholeFile: false,
      coverage: { zh: '第 1 版', en: 'revision 1' },
      intact: true,
      trusted: true,
      fitForDocuments: true,
      chain: [],
      revocation: { status: 'not-checked', note: '' },
      level: 'B-LTA',
      levelReasons: [],
      problems: [],
    },
    {
      index: 1,
      signer: null,
      role: 'unknown',
      roleLabel: { zh: '未知签名人', en: 'unknown signer' },
      type: 'approval',
      signingTime: { source: 'claimed', time: null, note: '' },
      byteRange: [0, 40, 50, 60],
      revision: 2,
      coversWholeFile: true,
      coverage: { zh: '全文', en: 'whole file' },
      intact: false,
      trusted: false,
      fitForDocuments: false,
      chain: [],
      revocation: { status: 'not-checked', note: '' },
      level: null,
      levelReasons: [],
      problems: ['changed'],
    },
  ],
  documentTimestamps: [],
  dss: null,
  levels: { at: '2026-03-02T01:02:03.000Z', embeddedOnly: true, lowest: null },
  revisions: 2,
  modifiedAfterLastSignature: false,
  record: { checked: true, onRecord: false },
  signaturesValid: false,
  valid: false,
  verdict: { zh: '签名无效', en: 'not valid' },
  problems: [{ code: 'SIGNATURE_CHANGED', zh: '签名 2 之后文件被改动 <script>', en: 'changed' }],
  onRecord: null,
};

const certificate: TCertificateVerification = {
  kind: '公证书',
  certificateNumber: '(2026)粤中山证字第1号',
  businessNo: 'WQ2026030200001X',
  issuedAt: null,
  sha256: 'b'.repeat(64),
  pages: 12,
  unit: '翠湖花园 1栋 101',
  totalPrice: 1234567.5,
  seller: '中山市翠湖置业有限公司',
  sellerUscc: '91442000MA4X00000X',
  buyers: ['张明'],
  parties: [{ role: '买受人', name: '张明', id: '4420**********1239' }],
  signer: {
    name: '广东省中山市中山公证处',
    role: { zh: '公证处', en: 'notary office' },
    type: 'certification',
    docMdp: 1,
    time: stamped,
  },
  valid: true,
  verdict: { zh: '有效', en: 'valid' },
  problems: [],
  signatures: [
    {
      signer: '广东省中山市中山公证处',
      role: { zh: '公证处', en: 'notary office' },
      type: 'certification',
      docMdp: 1,
      signingTime: stamped,
      intact: true,
      trusted: true,
      level: 'B-LTA',
    },
  ],
};

describe('verifyPage', () => {
  it('renders an uploaded file’s report: each signature’s signer, role, state and time, the problems escaped', () => {
    const html = verifyPage({ upload });
    expect(html).toContain('✘ 文件签名校验未通过');
    expect(html).toContain('文件类型：电子合同（WQ2026030200001X）<br>签署要求：出卖人认证签名，每位买受人签名');
    expect(html).toContain(
      '<li>中山市翠湖置业有限公司（出卖人，认证签名 DocMDP 2）：签名完好，证书可信，签名时间 2026-03-02 09:02:03 北京时间（时间戳），长期验证级别 PAdES B-LTA</li>',
    );
    expect(html).toContain(
      '<li>（未知签名人，签名）：签名<b class="bad">已被改动</b>，证书<b class="bad">不可信</b>，签名时间 —（签名人声明）</li>',
    );
    expect(html).toContain('签名 2 之后文件被改动 &#60;script&#62;');
    expect(html).not.toContain('<script>');
  });

  it('renders a 公证书 found by its number: the facts to compare, and a missing issue time as —', () => {
    const html = verifyPage({ result: certificate, download: '/verify/download?no=1&code=2' });
    expect(html).toContain('✔ 公证书真实有效');
    expect(html).toContain('<tr><th>买受人</th><td>张明<br><small>4420**********1239</small></td></tr>');
    expect(html).toContain('<tr><th>合同总价款</th><td>人民币 1,234,567.50 元</td></tr>');
    expect(html).toContain('<tr><th>出具时间</th><td>—</td></tr>');
    expect(html).toContain('（公证处，认证签名，签署后不得修改）');
    expect(html).toContain('<li>广东省中山市中山公证处（公证处，认证签名 DocMDP 1）：签名完好，证书可信');
    expect(html).toContain('href="/verify/download?no=1&#38;code=2"');
  });
});
