import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { eq, like, or } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import {
  createRootCa,
  issueOrganisationCertificate,
  encryptPrivateKey,
  decryptPrivateKey,
  createTimestampAuthority,
  localTimestamper,
  httpTimestamper,
  keyIdOf,
  credentialSigner,
  openPkcs11,
  type Credential,
  type OrganisationKind,
  type TimestampFn,
  type RevocationPointers,
  type Signer,
  type Pkcs11KeyStore,
} from '@netsign/documents';
import type { CoreContext } from '../../platform/app-context';
import { keyStore } from '../../platform/tables';
import { keyMetaOf, ZSigningKeyMeta, type TSigningKeyMeta } from '../../platform/key-store-meta';
import { prepareValidationData } from './validation-data';

const derived = new WeakMap<object, Buffer>();

/**
 * The master key encrypts every private key at rest. Production sets MASTER_KEY (e.g. from a
 * secrets manager) or configures a PKCS#11 token, inside which it is then derived (HMAC under a
 * secret key that never leaves the token); elsewhere one is made in DATA_DIR/master.key (0600).
 */
export function masterKey(ctx: CoreContext): Buffer {
  if (ctx.config.MASTER_KEY) return Buffer.from(ctx.config.MASTER_KEY, 'hex');
  if (ctx.config.PKCS11_LIBRARY) {
    let k = derived.get(ctx.config);
    if (!k) derived.set(ctx.config, (k = hsm(ctx)!.deriveSecret('netsign-master-key', 'netsign master key v1')));
    return k;
  }
  if (ctx.config.NODE_ENV === 'production')
    throw new Error('生产环境须设置 MASTER_KEY（或 PKCS#11 令牌），不在数据库旁生成密钥文件');
  const file = join(ctx.config.dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(ctx.config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    ctx.log.warn({ file }, 'MASTER_KEY not set: made a new master key file; set MASTER_KEY in production');
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

/**
 * Credentials are cached per process and re-read at once by prepareSigner, which runs before every
 * signing transaction (so a key revoked or rotated by another instance or by the CLI is refused
 * there); otherwise an entry older than REREAD_MS is read again, and if that read has not answered
 * within STALE_WAIT_MS the cached entry answers while the read finishes in the background. Never
 * waiting long on the database here matters: signing runs inside a transaction, and on PGlite (one
 * connection) a read there waits for that same transaction — rendering a 公证书 for more than 10 s
 * hung the server. Revoking in this process forgets the entry at once.
 */
const REREAD_MS = 10_000;
const STALE_WAIT_MS = 2_000;
/** A key kept in the PKCS#11 token: the row holds its certificate and the token object's id. */
type Held = Credential & { pkcs11?: { id: string; label: string } };
const cache = new WeakMap<CoreContext, Map<string, { at: number; p: Promise<Held>; refreshing?: Promise<Held> }>>();

/** The configured PKCS#11 token (PKCS11_LIBRARY, PKCS11_TOKEN, PKCS11_PIN), or undefined. */
export function hsm(ctx: CoreContext): Pkcs11KeyStore | undefined {
  const c = ctx.config;
  return c.PKCS11_LIBRARY
    ? openPkcs11({ library: c.PKCS11_LIBRARY, token: c.PKCS11_TOKEN!, pin: c.PKCS11_PIN! })
    : undefined;
}

/** Whether a key made from now on under `name` lives in the token (PKCS11_KEYS: `org:<id>` or `org:*`). */
export const madeInHsm = (ctx: CoreContext, name: string) =>
  Boolean(ctx.config.PKCS11_LIBRARY) &&
  ctx.config.PKCS11_KEYS.some((k) => k === name || (k === 'org:*' && name.startsWith('org:')));

/** Forget cached credentials (after a revocation or rotation). */
export function forgetKeys(ctx: CoreContext) {
  cache.get(ctx)?.clear();
}

async function loadOrCreate(
  ctx: CoreContext,
  name: string,
  make: () => Promise<Credential & { meta?: Partial<TSigningKeyMeta> }>,
  reread = false,
): Promise<Held> {
  let m = cache.get(ctx);
  if (!m) cache.set(ctx, (m = new Map()));
  const hit = m.get(name);
  if (hit && !reread) {
    if (Date.now() - hit.at < REREAD_MS) return hit.p;
    hit.refreshing ??= (() => {
      const fresh = load();
      fresh.then(
        () => m!.set(name, { at: Date.now(), p: fresh }),
        () => m!.delete(name), // revoked or unreadable: the next use reads again and says why
      );
      return fresh;
    })();
    // outside a transaction the read answers in milliseconds and a revocation counts at once;
    // inside one on PGlite it waits for that transaction, so the cached key answers after a wait
    return Promise.race([hit.refreshing, new Promise<Held>((r) => setTimeout(() => r(hit.p), STALE_WAIT_MS).unref())]);
  }
  const p = load();
  if (!hit) {
    m.set(name, { at: Date.now(), p });
    p.catch(() => m!.delete(name));
  } else {
    // a re-read replaces the entry only once it has answered: another request's transaction may be
    // using the entry now, and on PGlite a pending read there would wait for that transaction
    p.then(
      () => m!.set(name, { at: Date.now(), p }),
      () => m!.delete(name),
    );
  }
  return p;

  async function load(): Promise<Held> {
    const read = async () => (await ctx.db.select().from(keyStore).where(eq(keyStore.name, name)))[0];
    let row = await read();
    if (!row) {
      const c = await make();
      await ctx.db
        .insert(keyStore)
        .values({
          name,
          certificatePem: c.certPem,
          encryptedKey: c.keyPem ? encryptPrivateKey(c.keyPem, masterKey(ctx), name) : null,
          meta: { chain: c.chainPem, ...c.meta },
        })
        .onConflictDoNothing();
      row = await read();
    }
    const meta = keyMetaOf(ZSigningKeyMeta, row!);
    if (meta.revoked)
      throw new DomainError(
        'KEY_REVOKED',
        `签章密钥（${name}）已于 ${meta.revoked.at} 吊销（${meta.revoked.reason}），不能再签署；请管理员执行 netsign keys rotate 换发新密钥`,
        409,
      );
    if (meta.store === 'pkcs11')
      return { certPem: row!.certificatePem!, keyPem: '', chainPem: meta.chain, pkcs11: meta.pkcs11 };
    // the key is decrypted only in this process's memory; it never leaves the server
    return {
      certPem: row!.certificatePem!,
      keyPem: decryptPrivateKey(row!.encryptedKey!, masterKey(ctx), name),
      chainPem: meta.chain,
    };
  }
}

/** Where the CA that issued `caCertPem` publishes its CRL, and the OCSP responder (PUBLIC_URL). */
export function revocationPointers(ctx: CoreContext, caCertPem: string): RevocationPointers {
  const base = ctx.config.publicUrl.replace(/\/$/, '');
  return { crlUrl: `${base}/api/pki/crl/${keyIdOf(caCertPem)}.crl`, ocspUrl: `${base}/api/pki/ocsp` };
}

/** The certificate an organisation's (or the TSA's) new key gets from the current platform CA. */
export async function issueForOrganisation(
  ctx: CoreContext,
  org: { name: string; kind: string; uscc?: string | null },
  publicKeyPem?: string,
) {
  const ca = await platformCa(ctx);
  return issueOrganisationCertificate(ca, {
    name: org.name,
    kind: org.kind as OrganisationKind,
    uscc: org.uscc ?? undefined,
    revocation: revocationPointers(ctx, ca.certPem),
    publicKeyPem,
  });
}

/** Every platform CA, the current one first, then the retired roots (rows `platform-ca#<serial>`). */
export async function platformCas(ctx: CoreContext): Promise<Credential[]> {
  const current = await platformCa(ctx);
  const rows = await ctx.db.select().from(keyStore).where(like(keyStore.name, 'platform-ca#%'));
  return [
    current,
    ...rows.map((r) => ({
      certPem: r.certificatePem!,
      keyPem: decryptPrivateKey(r.encryptedKey!, masterKey(ctx), r.name),
      chainPem: [],
    })),
  ];
}

/** The platform's own root CA, made on first start. */
export const platformCa = (ctx: CoreContext) =>
  loadOrCreate(ctx, 'platform-ca', () => createRootCa({ name: 'netsign 电子公证网签平台根证书' }));

/** An organisation's signing key and certificate, issued by the platform CA on first use. */
export const organisationCredential = (
  ctx: CoreContext,
  org: { id: string; name: string; kind: string; uscc?: string | null },
  reread = false,
) =>
  loadOrCreate(
    ctx,
    `org:${org.id}`,
    () => (madeInHsm(ctx, `org:${org.id}`) ? makeInHsm(ctx, org) : issueForOrganisation(ctx, org)),
    reread,
  );

/** A new key pair inside the token, certified by the platform CA (the private key never exists outside). */
export async function makeInHsm(
  ctx: CoreContext,
  org: { id: string; name: string; kind: string; uscc?: string | null },
) {
  const token = hsm(ctx);
  if (!token) throw new Error('PKCS11_LIBRARY is not configured');
  const key = token.generateKey(`netsign:org:${org.id}:${Date.now()}`);
  const cert = await issueForOrganisation(ctx, org, key.publicKeyPem);
  return {
    ...cert,
    meta: { store: 'pkcs11', pkcs11: { id: key.id, label: key.label } } satisfies Partial<TSigningKeyMeta>,
  };
}

/** What signs for an organisation: its key in the token, or its key from the database. */
export async function organisationSigner(
  ctx: CoreContext,
  org: { id: string; name: string; kind: string; uscc?: string | null },
): Promise<Signer> {
  const c = await organisationCredential(ctx, org);
  if (!c.pkcs11) return credentialSigner(c);
  const token = hsm(ctx);
  if (!token) throw new Error(`the key of org:${org.id} is in a PKCS#11 token, but PKCS11_LIBRARY is not configured`);
  return token.signer(c.pkcs11.id, c.certPem, c.chainPem);
}

export const tsaCredential = (ctx: CoreContext) =>
  loadOrCreate(ctx, 'tsa', () => issueForOrganisation(ctx, { name: 'netsign 电子公证网签平台', kind: 'tsa' }));

/** Where signatures get their time: the configured TSA, or the platform's own authority. */
export async function timestampSource(ctx: CoreContext): Promise<TimestampFn> {
  if (ctx.config.TSA_URL) return httpTimestamper(ctx.config.TSA_URL);
  return localTimestamper(await builtInTsa(ctx));
}

export async function builtInTsa(ctx: CoreContext) {
  const c = await tsaCredential(ctx);
  return createTimestampAuthority(c, { now: () => ctx.clock.now() });
}

/**
 * Loads an organisation's credential and the time-stamp source before a transaction opens:
 * signing inside a transaction must not touch the database again (PGlite has one connection).
 */
export async function prepareSigner(
  ctx: CoreContext,
  org: { id: string; name: string; kind: string; uscc?: string | null },
) {
  await organisationCredential(ctx, org, true); // re-read: a revoked key is refused here, before the transaction
  await timestampSource(ctx);
  await prepareValidationData(ctx); // CRLs, OCSP responders, roots for the B-LTA finishing inside it
}

/**
 * Every root a verification trusts: the platform's current root, the roots it replaced (a root
 * rollover must not make older documents untrusted), plus TRUSTED_ROOTS (real CAs in use).
 */
export async function trustedRoots(ctx: CoreContext): Promise<string[]> {
  const extra = ctx.config.TRUSTED_ROOTS ? [readFileSync(ctx.config.TRUSTED_ROOTS, 'utf8')] : [];
  const current = (await platformCa(ctx)).certPem;
  const retired = await ctx.db
    .select({ certificatePem: keyStore.certificatePem })
    .from(keyStore)
    .where(or(like(keyStore.name, 'platform-ca#%')));
  return [current, ...retired.map((r) => r.certificatePem!), ...extra];
}
