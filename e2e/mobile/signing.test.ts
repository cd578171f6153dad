// 签署 in the browser (issue 12 item 1): a buyer whose identity, documents and pictures are done
// (arranged through the API as the phone would have done them) opens the app, which makes a
// non-extractable WebCrypto key, gets a certificate and shows the three documents; one 签署 signs
// them. Checked as an auditor would: no request body ever carries a private key, a reload loses
// the key and the buyer signs again, and the e-contract downloaded afterwards carries the seller's
// and the buyer's signatures, which pdfsig (platform root trusted) and mutool accept (and, the
// buyer being the last to sign, the document time-stamp of B-LTA, which openssl ts accepts).
// What the phone's page did and made is checked in the test that signs on it (one journey); the
// notary's list of signatures has a buyer of its own, signed through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMobileWorld, DEMO_BUYERS, expectOk, type MobileWorld } from '../support/mobile-world';
import { launchPhone } from '../support/browser';
import { passportBuyerAt, shareSession, signedInBuyer, withOwnPhone } from '../support/buyer-stages';
import { heading, phoneLayoutProblems, shot, visible } from './buyer-pages';
import { downloadedContractSignatures, expectKeyStayedOnPhone, signOnPhone, watchKeys } from './sign-pages';

const smith = DEMO_BUYERS[1];

describe('签署 on the phone with a key only the phone holds', () => {
  let world: MobileWorld;

  beforeAll(async () => {
    world = await startMobileWorld();
  }, 240_000);
  afterAll(async () => {
    await world?.close();
  });

  /** SMITH on a contract of his own, through the API up to the page `at`. */
  async function buyerAt(at: '签署文件' | '佐证视频') {
    const buyer = withOwnPhone(smith);
    const c = await world.pushedContract([buyer]);
    const api = await signedInBuyer(world, buyer.phone);
    const appId = await passportBuyerAt(world, api, c.token, at);
    return { api, appId, businessNo: c.businessNo };
  }

  it('签署 page: the three documents, one 签署; a reload before it means a new key and signing again; the key was made on the phone, not extractable, never exported, no request body carried a private key; the e-contract downloaded afterwards carries the seller and the buyer signatures and, the buyer being its last signer, the document time-stamp of B-LTA, which pdfsig, mutool and openssl accept', async () => {
    const { api, appId } = await buyerAt('签署文件');
    // 提交 is refused until the three documents are signed, each named
    const early = await api.post(`/api/buyer/applications/${appId}/submit`);
    expect([early.status, early.body.code]).toEqual([409, 'APPLICATION_INCOMPLETE']);
    expect(
      early.body.violations
        .filter((v: { code: string }) => v.code === 'SIGNATURE_REQUIRED')
        .map((v: { field: string }) => v.field)
        .sort(),
    ).toEqual(['signing.application_form', 'signing.econtract', 'signing.notice']);

    const phone = await launchPhone({ baseURL: world.url });
    try {
      const keys = await watchKeys(phone);
      await shareSession(phone.context, api, world.url);
      const { page } = phone;
      await page.goto(`/m/apply/${appId}`);
      await visible(heading(page, '签署文件'), 30_000);
      await visible(page.getByRole('region', { name: '待签署的文件' }), 60_000);
      // the key lives only in the page: after a reload the step starts over with a new key and certificate
      await page.reload();
      await signOnPhone(page, '佐证视频', async () => {
        await shot(page, 'sign');
        expect(await phoneLayoutProblems(page)).toEqual([]);
      });

      await expectKeyStayedOnPhone(page, keys);
      expect(await downloadedContractSignatures(phone, appId)).toEqual({
        pdfsig: 3,
        mutool: 3,
        docTimestamps: 1,
        problems: [],
      });
    } finally {
      await phone.close();
    }
  }, 240_000);

  it("the notary's case page lists each document's signatures: signer, role, time, valid", async () => {
    // signed with a key made the way the phone makes it (apps/server/src/demo/walk: signDocuments)
    const { businessNo } = await buyerAt('佐证视频');
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
  }, 180_000);
});
