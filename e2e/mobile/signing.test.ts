// 签署 in the browser (issue 12 item 1): a buyer whose identity, documents and pictures are done
// (arranged through the API as the phone would have done them) opens the app, which makes a
// non-extractable WebCrypto key, gets a certificate and shows the three documents; one 签署 signs
// them. Checked as an auditor would: no request body ever carries a private key, a reload loses
// the key and the buyer signs again, and the e-contract downloaded afterwards carries the seller's
// and the buyer's signatures, which pdfsig (platform root trusted) and mutool accept (and, the
// buyer being the last to sign, the document time-stamp of B-LTA, which openssl ts accepts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTd3 } from '@netsign/domain';
import { fixture } from '@netsign/face/testing/fixtures';
import { startMobileWorld, DEMO_BUYERS, expectOk, type MobileWorld } from '../support/mobile-world';
import { launchPhone, type Phone } from '../support/browser';
import { claimWithConsent, sendIdentityDocument } from '../../apps/server/src/testing/buyer-session';
import { photo, readAndAgree, type BuyerWalk } from '../../apps/server/src/demo/walk/buyer-steps';
import { documentBackPng, signaturePng } from '../../apps/server/src/demo/walk/media';
import { heading, phoneLayoutProblems, shot, signIn, visible } from './buyer-pages';
import {
  downloadedContractSignatures,
  expectKeyStayedOnPhone,
  signOnPhone,
  watchKeys,
  type KeyWatch,
} from './sign-pages';

const smith = DEMO_BUYERS[1];
const MRZ = buildTd3({
  issuingState: 'UTO',
  surname: 'SMITH',
  givenNames: 'JOHN ALEXANDER',
  documentNumber: smith.idNumber,
  nationality: 'UTO',
  birthDate: '1985-06-12',
  sex: 'M',
  expiryDate: '2033-01-01',
});

describe.sequential('签署 on the phone with a key only the phone holds', () => {
  let world: MobileWorld;
  let phone: Phone;
  let keys: KeyWatch;
  let appId: string;
  let businessNo: string;

  beforeAll(async () => {
    world = await startMobileWorld();
    const c = await world.pushedContract([smith]);
    businessNo = c.businessNo;
    // everything before 签署, through the API: sign-in, claim, consent, passport, the four documents, pictures
    const api = world.api();
    expectOk(await api.post('/api/buyer/otp', { phone: smith.phone }), '获取验证码');
    expectOk(
      await api.post('/api/buyer/login', { phone: smith.phone, code: await world.smsCode(smith.phone, 0) }),
      '登录',
    );
    appId = await claimWithConsent(api, c.token, 0);
    expectOk(
      await sendIdentityDocument(api, appId, {
        kind: 'PASSPORT',
        number: smith.idNumber,
        name: smith.name,
        mrz: MRZ,
        photoPage: fixture('passportB'),
      }),
      '录入身份证明文件',
    );
    const walk = { api } as BuyerWalk;
    await readAndAgree(walk, appId);
    expectOk(await photo(walk, appId, 'id_front', fixture('passportB'), 'image/png'), '证件照片页');
    expectOk(await photo(walk, appId, 'id_back', await documentBackPng('身份证明文件背面'), 'image/png'), '证件背面');
    expectOk(await photo(walk, appId, 'handheld', fixture('b1')), '手持身份证正面照片');
    expectOk(await photo(walk, appId, 'signature', await signaturePng(5), 'image/png'), '电子签名图片');
    // 提交 is refused until the three documents are signed, each named
    const early = await api.post(`/api/buyer/applications/${appId}/submit`);
    expect([early.status, early.body.code]).toEqual([409, 'APPLICATION_INCOMPLETE']);
    expect(
      early.body.violations
        .filter((v: { code: string }) => v.code === 'SIGNATURE_REQUIRED')
        .map((v: { field: string }) => v.field)
        .sort(),
    ).toEqual(['signing.application_form', 'signing.econtract', 'signing.notice']);
    phone = await launchPhone({ baseURL: world.url });
    keys = await watchKeys(phone);
  }, 300_000);
  afterAll(async () => {
    await phone?.close();
    await world?.close();
  });

  it('签署 page: the three documents, one 签署; a reload before it means a new key and signing again', async () => {
    const { page } = phone;
    await page.goto(`/m/apply/${appId}`);
    await signIn(page, world, smith.phone);
    await visible(heading(page, '签署文件'), 30_000);
    await visible(page.getByRole('region', { name: '待签署的文件' }), 60_000);
    // the key lives only in the page: after a reload the step starts over with a new key and certificate
    await page.reload();
    await signOnPhone(page, '佐证视频', async () => {
      await shot(page, 'sign');
      expect(await phoneLayoutProblems(page)).toEqual([]);
    });
  }, 180_000);

  it('the key was made on the phone, not extractable, never exported; no request body carried a private key', async () => {
    await expectKeyStayedOnPhone(phone.page, keys);
  });

  it('the e-contract downloaded afterwards carries the seller and the buyer signatures and, the buyer being its last signer, the document time-stamp of B-LTA; pdfsig and mutool accept both signatures, openssl the time-stamp', async () => {
    expect(await downloadedContractSignatures(phone, appId)).toEqual({
      pdfsig: 3,
      mutool: 3,
      docTimestamps: 1,
      problems: [],
    });
  }, 60_000);

  it("the notary's case page lists each document's signatures: signer, role, time, valid", async () => {
    const notary = await world.login('notary');
    const list = expectOk(await notary.get(`/api/notary/cases?q=${businessNo}`), '收件箱').items as {
      id: string;
      businessNo: string;
    }[];
    const caseId = list.find((x) => x.businessNo === businessNo)!.id;
    const docs = expectOk(await notary.get(`/api/notary/cases/${caseId}/signatures`), '签名') as {
      kind: string;
      valid: boolean;
      signatures: { signer: string; role: string; time: string; valid: boolean }[];
    }[];
    const byKind = Object.fromEntries(docs.map((d) => [d.kind, d]));
    expect(byKind.econtract.signatures.map((s) => [s.role, s.valid])).toEqual([
      ['seller', true],
      ['buyer', true],
    ]);
    expect(byKind.econtract.signatures[1].signer).toBe(smith.name);
    for (const k of ['econtract', 'application_form', 'notice', 'intake_record']) expect(byKind[k].valid, k).toBe(true);
    for (const k of ['application_form', 'notice']) expect(byKind[k].signatures.map((s) => s.role)).toEqual(['buyer']);
    expect(byKind.intake_record.signatures.map((s) => s.role)).toEqual(['notary']);
    for (const d of docs) for (const s of d.signatures) expect(Date.parse(s.time)).toBeGreaterThan(0);
  }, 60_000);
});
