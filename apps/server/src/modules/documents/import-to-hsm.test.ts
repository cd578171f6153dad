// `netsign keys import-to-hsm` on the running server (issue 13 item 4): the seller's key moves into
// a SoftHSM2 token made by the test — a new key generated inside it and certified by the platform
// CA, the database key superseded — and the next e-contract is signed by the token: pdfsig and
// mutool accept it, and the token never gives the private key out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { verifyPdf } from '@netsign/documents';
import { softHsmToken } from '@netsign/documents/testing/softhsm';
import { nssDbTrusting, run, writePdf } from '@netsign/documents/testing/tools';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { contracts } from '../contracts/tables';
import { keyStore } from '../../platform/tables';
import { hsm, platformCa, trustedRoots } from './keys';
import { currentCrls } from './publish-crl';
import { rotateKey } from './rotate-key';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as any).port as number;
  await new Promise((r) => s.close(r));
  return port;
}

describe('moving the seller’s key into a PKCS#11 token', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    const token = softHsmToken('netsign-server');
    // listening on PUBLIC_URL: pdfsig (NSS) asks our OCSP responder, named in the certificate, about the signer
    const port = await freePort();
    w = await demoWorld({
      env: {
        PKCS11_LIBRARY: token.library,
        PKCS11_TOKEN: token.token,
        PKCS11_PIN: token.pin,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
      },
    });
    await w.server.app.listen({ port, host: '127.0.0.1' });
  }, 240_000);
  afterAll(() => w?.close());

  it('the next e-contract is signed inside the token; pdfsig and mutool accept it; the old one stays valid; the key cannot be read', async () => {
    const ctx = w.server.ctx;
    const first = await w.pushedContract();
    const [row] = await ctx.db.select().from(contracts).where(eq(contracts.id, first.id));
    const keyName = `org:${row.sellerOrgId}`;
    const before = (await ctx.db.select().from(keyStore).where(eq(keyStore.name, keyName)))[0];
    expect(before.encryptedKey).toBeTruthy();

    const moved = await rotateKey(ctx, keyName, 'test', { inHsm: true });
    const [now] = await ctx.db.select().from(keyStore).where(eq(keyStore.name, keyName));
    expect(now.encryptedKey).toBeNull(); // nothing of the key in the database
    const meta = now.meta as { store: string; pkcs11: { id: string } };
    expect(meta.store).toBe('pkcs11');
    expect(hsm(ctx)!.attributes(meta.pkcs11.id)).toMatchObject({
      sensitive: true,
      extractable: false,
      neverExtractable: true,
    });
    expect(() => hsm(ctx)!.readPrivateExponent(meta.pkcs11.id)).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
    const [retired] = await ctx.db.select().from(keyStore).where(eq(keyStore.name, moved.retiredAs!));
    expect(retired.encryptedKey).toBeNull();
    expect((retired.meta as any).revoked.code).toBe('superseded');

    const second = await w.pushedContract();
    const pdf = (await w.seller.get(`/api/contracts/${second.id}/econtract`)).raw;
    const [secondRow] = await ctx.db.select().from(contracts).where(eq(contracts.id, second.id));
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(secondRow.econtractSha256);
    // the seller's signature (the e-contract has no buyer signature yet): both outside tools accept it
    const file = writePdf(pdf);
    const rootPem = (await platformCa(ctx)).certPem;
    // a child process while this one answers NSS's OCSP request (spawnSync would block the server)
    const poppler = await new Promise<string>((resolve) => {
      const p = spawn('pdfsig', ['-nssdir', `sql:${nssDbTrusting(rootPem)}`, file]);
      let out = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (out += d));
      p.on('exit', () => resolve(out));
    });
    expect(poppler).toContain('Signature is Valid.');
    expect(poppler).toContain('Certificate is Trusted.'); // NSS asked our OCSP responder (PUBLIC_URL) first
    expect(run('mutool', ['sign', '-v', file]).out).toMatch(
      /changes made since signing are permitted|The document is unchanged since signing/,
    );
    const opts = { trustedRoots: await trustedRoots(ctx), crls: await currentCrls(ctx) };
    const report = await verifyPdf(pdf, opts);
    expect(report.signaturesValid).toBe(true);
    expect(report.signatures[0].signer!.serialNumber).toBe(
      new (await import('node:crypto')).X509Certificate(now.certificatePem!).serialNumber.toLowerCase(),
    );
    const old = (await w.seller.get(`/api/contracts/${first.id}/econtract`)).raw;
    expect((await verifyPdf(old, opts)).signaturesValid).toBe(true); // superseded after it was signed
  }, 480_000);
});
