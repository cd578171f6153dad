// Issue 13 item 2 on the running server: what the platform issues is stored as PAdES B-LTA (the
// 收案记录 at case receipt here; the demo test covers every kind), passes `verify --at` far ahead
// on its embedded evidence, and the scheduled renewal adds an archive time-stamp before the TSA
// certificate of the last one expires — recorded beside the old file (both on record, the old
// bytes untouched) and in the audit log. Revoking a key never changes a stored document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { encryptPrivateKey, issueOrganisationCertificate, verifyPdf } from '@netsign/documents';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { keyStore } from '../../platform/tables';
import { auditLog } from '../audit/tables';
import { issuedDocuments } from './tables';
import { forgetKeys, masterKey, platformCa, revocationPointers, trustedRoots, tsaCredential } from './keys';
import { renewArchiveTimestamps } from './renew-archive-timestamps';
import { currentVersion } from './current-version';
import { recordByHash } from './verify-document';
import { revokeKey } from './revoke-key';
import { forgetValidationData } from './validation-data';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const FAR = new Date('2045-01-01T00:00:00Z');
const DAY = 86400_000;

describe('B-LTA on record, and its renewal', () => {
  let w: DemoWorld;
  let intake: (typeof issuedDocuments.$inferSelect)[];
  let firstBytes: Map<string, Buffer>;
  const codes = (r: Awaited<ReturnType<typeof verifyPdf>>) => r.problems.map((p) => p.code);
  const judge = async (pdf: Buffer, at: Date) =>
    verifyPdf(pdf, { trustedRoots: await trustedRoots(w.server.ctx), at, record: 'offline' });

  beforeAll(async () => {
    w = await demoWorld();
    const ctx = w.server.ctx;
    // the built-in TSA gets a certificate that ends in 30 days, so its time-stamps are due for renewal
    const ca = await platformCa(ctx);
    const short = await issueOrganisationCertificate(ca, {
      name: 'netsign 电子公证网签平台',
      kind: 'tsa',
      years: 30 / 365,
      revocation: revocationPointers(ctx, ca.certPem),
    });
    const values = {
      certificatePem: short.certPem,
      encryptedKey: encryptPrivateKey(short.keyPem, masterKey(ctx), 'tsa'),
      meta: { chain: short.chainPem },
    };
    await ctx.db
      .insert(keyStore)
      .values({ name: 'tsa', ...values })
      .onConflictDoUpdate({ target: keyStore.name, set: values });
    forgetKeys(ctx);
    forgetValidationData(ctx);
    await w.pushedContract(); // the office receives the case: its 收案记录 is signed and finished at once
    intake = await ctx.db.select().from(issuedDocuments).where(eq(issuedDocuments.kind, 'intake_record'));
    firstBytes = new Map(
      await Promise.all(intake.map(async (d) => [d.sha256, await ctx.blobs.getBuffer(d.sha256)] as const)),
    );
  }, 300_000);
  afterAll(() => w?.close());

  it('the 收案记录 is stored B-LTA: DSS and a document time-stamp; its row says until when that time-stamp holds', async () => {
    expect(intake.length).toBeGreaterThan(0);
    const tsaEnd = new Date(
      new (await import('node:crypto')).X509Certificate((await tsaCredential(w.server.ctx)).certPem).validTo,
    );
    for (const d of intake) {
      const r = await judge(firstBytes.get(d.sha256)!, new Date(Date.now() + DAY));
      expect(codes(r)).toEqual([]);
      expect(r.signatures.map((s) => s.level)).toEqual(['B-LTA']);
      expect(r.documentTimestamps).toHaveLength(1);
      expect(r.dss!.ocsps).toBeGreaterThanOrEqual(2);
      expect(d.archiveUntil!.getTime()).toBe(tsaEnd.getTime());
      // once that certificate has expired, nothing proves the evidence any more: named
      expect(codes(await judge(firstBytes.get(d.sha256)!, new Date(Date.now() + 60 * DAY)))).toContain(
        'ARCHIVE_TIMESTAMP_EXPIRED',
      );
    }
  });

  it('the renewal job rotates the TSA key first, adds a new archive time-stamp to each due document, records both files and an audit entry', async () => {
    const ctx = w.server.ctx;
    const run = await renewArchiveTimestamps(ctx);
    expect(run.rotatedTsa).toBe(true);
    expect(run.blocked).toBeUndefined();
    for (const d of intake) {
      const r = run.renewed.find((x) => x.from === d.sha256)!;
      expect(r).toMatchObject({ kind: 'intake_record', reference: d.reference });
      // the old file: same bytes, still on record, pointing at the new one
      expect(sha(await ctx.blobs.getBuffer(d.sha256))).toBe(d.sha256);
      expect(await recordByHash(ctx, d.sha256)).toMatchObject({ onRecord: true, kind: 'intake_record' });
      expect(await recordByHash(ctx, r.to)).toMatchObject({
        onRecord: true,
        kind: 'intake_record',
        reference: d.reference,
      });
      expect(await currentVersion(ctx, d.sha256)).toBe(r.to);
      const renewed = await ctx.blobs.getBuffer(r.to);
      expect(renewed.subarray(0, firstBytes.get(d.sha256)!.length).equals(firstBytes.get(d.sha256)!)).toBe(true); // appended only
      for (const at of [new Date(Date.now() + 60 * DAY), FAR]) {
        const v = await judge(renewed, at);
        expect(codes(v)).toEqual([]);
        expect(v.documentTimestamps).toHaveLength(2);
        expect(v.signatures[0].level).toBe('B-LTA');
      }
      const [entry] = await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, d.sha256));
      expect(entry).toMatchObject({
        action: 'document.archive-timestamp-renewed',
        entity: 'document',
        actor: 'system',
      });
      expect(entry.data).toMatchObject({ renewedTo: r.to, previousUntil: d.archiveUntil!.toISOString() });
    }
    const rotated = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'key.rotated'));
    expect(rotated.map((e) => e.entityId)).toContain('tsa');
    // nothing is due any more: the new time-stamps' TSA certificate lasts as long as the root
    expect((await renewArchiveTimestamps(ctx)).renewed).toEqual([]);
  }, 300_000);

  it('revoking every organisation key changes no stored document, and they still pass in 2045', async () => {
    const ctx = w.server.ctx;
    const files = await ctx.db.select().from(issuedDocuments);
    const before = new Map(
      await Promise.all(files.map(async (f) => [f.sha256, sha(await ctx.blobs.getBuffer(f.sha256))] as const)),
    );
    for (const k of (await ctx.db.select().from(keyStore)).filter((k) => /^org:[^#]+$/.test(k.name)))
      await revokeKey(ctx, k.name, 'keyCompromise', 'test');
    for (const f of await ctx.db.select().from(issuedDocuments))
      expect(sha(await ctx.blobs.getBuffer(f.sha256))).toBe(before.get(f.sha256));
    for (const d of intake)
      expect(codes(await judge(await ctx.blobs.getBuffer(await currentVersion(ctx, d.sha256)), FAR))).toEqual([]);
  }, 300_000);
});
