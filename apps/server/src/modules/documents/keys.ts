import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  createRootCa, issueOrganisationCertificate, encryptPrivateKey, decryptPrivateKey, createTimestampAuthority,
  localTimestamper, httpTimestamper, type Credential, type OrganisationKind, type TimestampFn,
} from '@netsign/documents';
import type { AppContext } from '../../platform/app-context';
import { keyStore } from '../../platform/tables';

/**
 * The master key encrypts every private key at rest. Production sets MASTER_KEY (e.g. from a
 * secrets manager); otherwise one is made on first start in DATA_DIR/master.key (mode 0600).
 */
export function masterKey(ctx: AppContext): Buffer {
  if (ctx.config.MASTER_KEY) return Buffer.from(ctx.config.MASTER_KEY, 'hex');
  const file = join(ctx.config.dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(ctx.config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    ctx.log.warn({ file }, 'MASTER_KEY not set: made a new master key file; set MASTER_KEY in production');
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

const cache = new WeakMap<AppContext, Map<string, Promise<Credential>>>();

async function loadOrCreate(ctx: AppContext, name: string, make: () => Promise<Credential>): Promise<Credential> {
  let m = cache.get(ctx);
  if (!m) cache.set(ctx, (m = new Map()));
  const hit = m.get(name);
  if (hit) return hit;
  const p = (async () => {
    const read = async () => (await ctx.db.select().from(keyStore).where(eq(keyStore.name, name)))[0];
    let row = await read();
    if (!row) {
      const c = await make();
      await ctx.db.insert(keyStore).values({
        name, certificatePem: c.certPem, encryptedKey: encryptPrivateKey(c.keyPem, masterKey(ctx), name), meta: { chain: c.chainPem },
      }).onConflictDoNothing();
      row = await read();
    }
    // the key is decrypted only in this process's memory; it never leaves the server
    return { certPem: row!.certificatePem!, keyPem: decryptPrivateKey(row!.encryptedKey!, masterKey(ctx), name), chainPem: (row!.meta as any).chain };
  })();
  m.set(name, p);
  p.catch(() => m!.delete(name));
  return p;
}

/** The platform's own root CA, made on first start. */
export const platformCa = (ctx: AppContext) => loadOrCreate(ctx, 'platform-ca', () => createRootCa({ name: 'netsign 电子公证网签平台根证书' }));

/** An organisation's signing key and certificate, issued by the platform CA on first use. */
export const organisationCredential = (ctx: AppContext, org: { id: string; name: string; kind: string; uscc?: string | null }) =>
  loadOrCreate(ctx, `org:${org.id}`, async () => issueOrganisationCertificate(await platformCa(ctx), { name: org.name, kind: org.kind as OrganisationKind, uscc: org.uscc ?? undefined }));

export const tsaCredential = (ctx: AppContext) =>
  loadOrCreate(ctx, 'tsa', async () => issueOrganisationCertificate(await platformCa(ctx), { name: 'netsign 电子公证网签平台', kind: 'tsa' }));

/** Where signatures get their time: the configured TSA, or the platform's own authority. */
export async function timestampSource(ctx: AppContext): Promise<TimestampFn> {
  if (ctx.config.TSA_URL) return httpTimestamper(ctx.config.TSA_URL);
  return localTimestamper(await builtInTsa(ctx));
}

export async function builtInTsa(ctx: AppContext) {
  const c = await tsaCredential(ctx);
  return createTimestampAuthority(c, { now: () => ctx.clock.now() });
}

/**
 * Loads an organisation's credential and the time-stamp source before a transaction opens:
 * signing inside a transaction must not touch the database again (PGlite has one connection).
 */
export async function prepareSigner(ctx: AppContext, org: { id: string; name: string; kind: string; uscc?: string | null }) {
  await organisationCredential(ctx, org);
  await timestampSource(ctx);
}

/** Every root a verification trusts: the platform's own, plus TRUSTED_ROOTS (real CAs in use). */
export async function trustedRoots(ctx: AppContext): Promise<string[]> {
  const extra = ctx.config.TRUSTED_ROOTS ? [readFileSync(ctx.config.TRUSTED_ROOTS, 'utf8')] : [];
  return [(await platformCa(ctx)).certPem, ...extra];
}
