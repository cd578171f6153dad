import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeFaceEngine } from '@netsign/face/node';
import { z } from 'zod';
import {
  ZCaseDecision,
  ZCaseInboxPage,
  ZContractQr,
  ZContractView,
  ZFilingPage,
  ZFilingView,
  ZNotaryOffice,
} from '@netsign/api';
import { fixture } from '@netsign/face/testing/fixtures';
import type { ApiClient } from '../../testing/http-client';
import { DEMO_ACCOUNTS, DEMO_BUYERS, SMITH_PASSPORT_MRZ } from '../demo-accounts';
import { availableUnits, prepareContract, submitOnPaper } from './seller-steps';
import { walkMainlandBuyer, walkNonMainlandBuyer } from './buyer-steps';
import { expectOk, eventually } from './expect';
import { idCardPng } from '../demo-images';

export interface WalkOptions {
  /** makes a client of the server (fastify.inject in tests, a URL for the CLI) */
  client: () => ApiClient;
  engine: NodeFaceEngine;
  advance: (ms: number) => Promise<void>;
  today: Date;
  outDir?: string;
  log?: (line: string) => void;
  /** reads a buyer's sign-in code (production has no developer outbox); default: /api/dev/outbox */
  smsCode?: (phone: string) => Promise<string>;
}

const pw = (u: string) => DEMO_ACCOUNTS.find((a) => a.username === u)!.password;
const tokenOf = (qrLink: string) => qrLink.split('/').at(-1)!;

/**
 * The whole manual on the demo data: one contract with a mainland buyer and a non-mainland
 * co-buyer through notarization to 已备案, and one through the paper path to 已备案.
 */
export async function walkFlow(o: WalkOptions) {
  const log = o.log ?? (() => {});
  const seller = await o.client().login('seller', pw('seller'));
  const [u1, u2] = await availableUnits(seller, 2);
  const [zhang, smith] = DEMO_BUYERS;

  log(`1. 创建合同 ${u1.number}，提交，设置合同密码，上传收件材料`);
  const c = await prepareContract(seller, {
    unit: u1,
    buyers: [
      { ...zhang, share: 50 },
      { ...smith, share: 50 },
    ],
    password: 'Hetong2026',
    today: o.today,
  });
  const offices = expectOk(
    await seller.get(`/api/notary-offices?city=${encodeURIComponent('中山市')}`),
    '公证处列表',
    z.array(ZNotaryOffice),
  );
  log(`2. 生成电子合同并推送公证处（${offices[0].name}）`);
  expectOk(
    await seller.post(`/api/contracts/${c.id}/push`, { notaryOfficeId: offices[0].id }),
    '生成电子合同并推送公证处',
  );
  const qr = await eventually('公证处返回二维码', async () => {
    const r = await seller.get(`/api/contracts/${c.id}/qr`);
    return r.status === 200 ? expectOk(r, '二维码', ZContractQr) : null;
  });

  log('3. 买受人张明（中国大陆公民）扫码签约');
  await walkMainlandBuyer(
    {
      api: o.client(),
      engine: o.engine,
      phone: zhang.phone,
      token: tokenOf(qr.link),
      buyerIndex: 0,
      portrait: fixture('a1'),
      advance: o.advance,
      seed: 1,
      smsCode: o.smsCode,
    },
    { front: fixture('idCardA'), back: await idCardPng('back', zhang.name, '') },
  );
  log('4. 买受人 SMITH（非中国大陆居民）扫码签约，录制佐证视频');
  await walkNonMainlandBuyer(
    {
      api: o.client(),
      engine: o.engine,
      phone: smith.phone,
      token: tokenOf(qr.link),
      buyerIndex: 1,
      portrait: fixture('b1'),
      advance: o.advance,
      seed: 5,
      smsCode: o.smsCode,
    },
    {
      kind: 'PASSPORT',
      number: smith.idNumber,
      name: smith.name,
      mrz: SMITH_PASSPORT_MRZ,
      photoPage: fixture('passportB'),
    },
  );

  log('5. 公证员审核通过，出具公证书，下载公证卷宗');
  const notary = await o.client().login('notary', pw('notary'));
  const inbox = await eventually('案件待审核', async () =>
    expectOk(await notary.get('/api/notary/cases?status=待审核'), '收件箱', ZCaseInboxPage).items.find(
      (x) => x.businessNo === c.businessNo,
    ),
  );
  const approved = expectOk(await notary.post(`/api/notary/cases/${inbox.id}/approve`), '审核通过', ZCaseDecision);
  const contract = async () => expectOk(await seller.get(`/api/contracts/${c.id}`), '合同', ZContractView);
  await eventually('公证书推送回合同', async () => (await contract()).status === '已公证');
  // 下载卷宗: the signed ASiC-E archive the office's job makes once the case is decided
  const archive = await eventually(
    '公证卷宗',
    async () => {
      const r = await notary.get(`/api/notary/cases/${inbox.id}/archive`);
      return r.status === 200 ? r.raw : null;
    },
    180_000,
  );

  log('6. 开发企业提交备案申请；交易中心受理、审核（通过）、备案');
  expectOk(await seller.post(`/api/contracts/${c.id}/apply-filing`), '提交备案申请');
  const center = await o.client().login('center', pw('center'));
  const filed = await fileAtCenter(center, c.businessNo);
  const done = await eventually('合同已备案', async () => {
    const r = await contract();
    return r.status === '已备案' ? r : null;
  });
  let certificatePath = '';
  let archivePath = '';
  if (o.outDir) {
    mkdirSync(o.outDir, { recursive: true });
    certificatePath = join(o.outDir, `公证书-${c.businessNo}.pdf`);
    writeFileSync(certificatePath, (await seller.get(`/api/contracts/${c.id}/certificate`)).raw);
    archivePath = join(o.outDir, `公证卷宗-${c.businessNo}.asice`);
    writeFileSync(archivePath, archive);
  }

  log(`7. 纸质合同面签：${u2.number}`);
  const p = await prepareContract(seller, { unit: u2, buyers: [{ ...zhang }], password: 'Zhizhi2026', today: o.today });
  await submitOnPaper(seller, p.id);
  await fileAtCenter(center, p.businessNo);
  const paper = await eventually('纸质合同已备案', async () => {
    const r = expectOk(await seller.get(`/api/contracts/${p.id}`), '纸质合同', ZContractView);
    return r.status === '已备案' ? r : null;
  });
  return {
    contract: c.businessNo,
    status: done.status,
    filingNumber: given(filed.filingNumber, '备案号'),
    certificateNumber: given(approved.certificateNumber, '公证书编号'),
    certificate: certificatePath,
    archive: archivePath,
    paper: {
      contract: p.businessNo,
      status: paper.status,
      filingNumber: given(paper.filingNumber, '纸质合同的备案号'),
    },
  };
}

/** A number the step must have given (a 备案 has its 备案号): the walk fails naming it otherwise. */
function given(v: string | null, what: string): string {
  if (v === null) throw new Error(`没有${what}`);
  return v;
}

/** 受理, 审核 (通过), then 备案 at the transaction center (manual 6–7), once the application has arrived. */
async function fileAtCenter(center: ApiClient, businessNo: string) {
  const f = await eventually(
    `备案申请 ${businessNo} 到达交易中心`,
    async () =>
      expectOk(await center.get(`/api/filings?status=待受理&q=${businessNo}`), '受理队列', ZFilingPage).items[0],
  );
  expectOk(await center.post(`/api/filings/${f.id}/accept`), '受理');
  expectOk(await center.post(`/api/filings/${f.id}/review`, { result: '通过' }), '审核');
  return expectOk(await center.post(`/api/filings/${f.id}/file`), '备案', ZFilingView);
}
