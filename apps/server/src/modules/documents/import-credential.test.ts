import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRootCa, issueOrganisationCertificate, exportPkcs12, verifyPdf, signPdf } from '@netsign/documents';
import { PDFDocument } from 'pdf-lib';
import { startTestServer } from '../../testing/test-server';
import { importCredential } from './import-credential';
import { masterKey, organisationCredential } from './keys';

describe('a real CA’s PKCS#12 replaces an organisation’s platform key', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(() => server?.close());

  it('signs with the imported key, which chains to that CA and not to the platform root', async () => {
    const realCa = await createRootCa({ name: 'Some Real CA' });
    const cred = await issueOrganisationCertificate(realCa, { name: '广东省中山市中山公证处', kind: 'notary' });
    const file = join(mkdtempSync(join(tmpdir(), 'p12-')), 'office.p12');
    writeFileSync(file, exportPkcs12(cred, 'secret'));
    const org = { id: '00000000-0000-4000-8000-000000000001', name: '广东省中山市中山公证处', kind: 'notary' };
    await importCredential(server.ctx.db, masterKey(server.ctx), `org:${org.id}`, file, 'secret');

    const used = await organisationCredential(server.ctx, org);
    expect(used.certPem).toBe(cred.certPem);
    const doc = await PDFDocument.create();
    doc.addPage();
    const signed = await signPdf(Buffer.from(await doc.save({ useObjectStreams: false })), used, { reason: 'test' });
    expect((await verifyPdf(signed, { trustedRoots: [realCa.certPem] })).signaturesValid).toBe(true);
    const platformRoot = (await server.app.inject({ url: '/api/public/trust-root' })).body;
    expect((await verifyPdf(signed, { trustedRoots: [platformRoot] })).signatures[0].trusted).toBe(false);
  });
});
