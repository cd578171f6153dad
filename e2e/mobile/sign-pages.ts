// 签署 on the phone, as a buyer does it and as an auditor checks it: every request body the phone
// sends is kept, and the page's WebCrypto calls are watched (how keys are made, whether a private
// key is ever exported).
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Phone } from '../support/browser';
import { nssDbTrusting, signatureToolsVerdict, writePdf } from '../../packages/documents/src/testing/tools';
import { button, enabled, heading, visible } from './buyer-pages';

export interface KeyWatch {
  /** every request body the phone sent (latin1), with its URL */
  bodies: { url: string; body: string }[];
}

/** Call before the page loads: records request bodies and wraps crypto.subtle.generateKey/exportKey. */
export async function watchKeys(phone: Phone): Promise<KeyWatch> {
  const watch: KeyWatch = { bodies: [] };
  phone.context.on('request', (r) => {
    const b = r.postDataBuffer();
    if (b) watch.bodies.push({ url: r.url(), body: b.toString('latin1') });
  });
  await phone.context.addInitScript(() => {
    const subtle = crypto.subtle;
    const generateKey = subtle.generateKey.bind(subtle);
    const exportKey = subtle.exportKey.bind(subtle);
    const log = { generated: [] as { name: string; curve?: string; extractable: boolean }[], privateExports: 0 };
    (window as unknown as { __keys: typeof log }).__keys = log;
    subtle.generateKey = ((alg: EcKeyGenParams, extractable: boolean, usages: KeyUsage[]) => {
      log.generated.push({ name: alg.name, curve: alg.namedCurve, extractable });
      return generateKey(alg, extractable, usages);
    }) as typeof subtle.generateKey;
    subtle.exportKey = ((format: KeyFormat, key: CryptoKey) => {
      if (key.type === 'private') log.privateExports++;
      return exportKey(format as 'spki', key);
    }) as typeof subtle.exportKey;
  });
  return watch;
}

/** 签署 page: the three documents listed, one 签署 for the set; the page moves on. */
export async function signOnPhone(page: Page, next: string, beforeSigning?: () => Promise<void>) {
  await visible(heading(page, '签署文件'));
  const list = page.getByRole('region', { name: '待签署的文件' });
  await visible(list, 60_000);
  for (const t of ['中山市商品房买卖合同', '商品房买卖公证申请表', '商品房买卖合同公证告知'])
    await visible(list.getByText(t, { exact: true }));
  expect(await list.getByText('收案记录').count()).toBe(0); // the office's document, not the buyer's
  await enabled(button(page, '签署'));
  await beforeSigning?.();
  await button(page, '签署').click();
  await visible(heading(page, next), 60_000);
}

const PKCS8_P256 = Buffer.from('308187020100301306072a8648ce3d020106082a8648ce3d030107', 'hex'); // PKCS#8 header of a P-256 key

/** The key was made on the phone, not extractable, never exported, and nothing sent carries a private key. */
export async function expectKeyStayedOnPhone(page: Page, watch: KeyWatch) {
  const keys = await page.evaluate(
    () =>
      (
        window as unknown as {
          __keys: { generated: { name: string; curve?: string; extractable: boolean }[]; privateExports: number };
        }
      ).__keys,
  );
  expect(keys.generated).toEqual([{ name: 'ECDSA', curve: 'P-256', extractable: false }]);
  expect(keys.privateExports).toBe(0);
  const signing = watch.bodies.filter((b) => b.url.includes('/signing/'));
  expect(signing.map((b) => new URL(b.url).pathname.split('/').at(-1))).toEqual(
    expect.arrayContaining(['certificate', 'complete']),
  );
  for (const { url, body } of watch.bodies) {
    const raw = Buffer.from(body, 'latin1');
    expect(raw.includes(PKCS8_P256), url).toBe(false);
    expect(body, url).not.toMatch(/PRIVATE KEY|MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEH/);
    if (body.startsWith('{'))
      expect(JSON.stringify(Object.keys(flatKeys(JSON.parse(body)))), url).not.toMatch(/"d"|pkcs8|privateKey/i);
  }
}

/** every key name anywhere in a JSON value (a JWK private key has "d") */
function flatKeys(v: unknown, out: Record<string, true> = {}): Record<string, true> {
  if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out[k] = true;
      flatKeys(x, out);
    }
  return out;
}

/** The e-contract as the buyer downloads it after signing: every signature accepted by pdfsig and mutool. */
export async function downloadedContractSignatures(phone: Phone, appId: string) {
  const api = phone.context.request;
  const app = await (await api.get(`/api/buyer/applications/${appId}`)).json();
  const doc = app.documents.find((d: { kind: string }) => d.kind === 'econtract');
  const res = await api.get(`/api/buyer/applications/${appId}/documents/${doc.id}/file`);
  expect(res.status()).toBe(200);
  const root = await (await api.get('/api/public/trust-root')).text();
  return signatureToolsVerdict(writePdf(Buffer.from(await res.body())), nssDbTrusting(root));
}
