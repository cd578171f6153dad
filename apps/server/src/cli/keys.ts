import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq, or } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import { REVOCATION_REASONS } from '@netsign/documents';
import { openCliContext } from './cli-context';
import { importCredential } from '../modules/documents/import-credential';
import { masterKey, platformCa } from '../modules/documents/keys';
import { isRevocationReason, revokeKey } from '../modules/documents/revoke-key';
import { rotateKey } from '../modules/documents/rotate-key';
import { revokeCertificate } from '../modules/documents/revoke-certificate';
import { keyStore } from '../platform/tables';
import { keyMetaOf, ZSigningKeyMeta } from '../platform/key-store-meta';
import type { AppContext } from '../platform/app-context';
import { organisations } from '../modules/accounts/tables';

const USAGE = `用法 usage:
  netsign keys list
  netsign keys root
  netsign keys import --org ORG_ID --p12 FILE [--password PW]
  netsign keys revoke ORG --reason ${Object.keys(REVOCATION_REASONS).join('|')}
  netsign keys revoke-certificate --cert FILE.pem --reason ${Object.keys(REVOCATION_REASONS).join('|')}
  netsign keys rotate ORG
  netsign keys import-to-hsm ORG
ORG: organisation id, 统一社会信用代码 or exact name; or tsa / platform-ca (rotate platform-ca = root rollover)`;

/**
 * `netsign keys list` — which keys the server holds (certificates, never private keys)
 * `netsign keys root` — prints the platform root certificate (PEM), to trust in readers and NSS
 * `netsign keys import --org ORG_ID --p12 FILE --password PW` — a real CA's key for an organisation
 *   (`--name tsa` instead of `--org` replaces the time-stamp authority's key)
 * `netsign keys revoke ORG --reason R` — revoke its certificate (CRL + OCSP), no new signature with it
 * `netsign keys revoke-certificate --cert FILE.pem --reason R` — one certificate with no stored key
 *   (a buyer's event certificate, e.g. a lost phone), checked to be the platform CA's
 * `netsign keys rotate ORG` — a new key and certificate; the old certificate kept for verification
 * `netsign keys import-to-hsm ORG` — a new key made inside the PKCS#11 token and certified; the
 *   database key is superseded (revoked, dropped), never copied into the token (docs/OPERATIONS.md)
 */
export async function run(args: string[]) {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      name: { type: 'string' },
      p12: { type: 'string' },
      password: { type: 'string', default: '' },
      reason: { type: 'string' },
      cert: { type: 'string' },
    },
  });
  const ctx = await openCliContext();
  const { database } = ctx;
  const actor = `cli:${userInfo().username}`;
  try {
    if (sub === 'list') {
      for (const k of await database.db.select().from(keyStore)) {
        if (!k.certificatePem) continue;
        const subject = /Subject: (.*)/.exec(new X509Certificate(k.certificatePem).toString())?.[1] ?? '';
        const m = keyMetaOf(ZSigningKeyMeta, k);
        const state = m.revoked
          ? `revoked ${m.revoked.at} ${m.revoked.code ?? ''}`
          : m.retiredAt
            ? 'retired'
            : m.imported
              ? 'imported'
              : m.store === 'pkcs11'
                ? 'pkcs11'
                : 'generated';
        console.log(`${k.name.padEnd(60)} ${state.padEnd(12)} ${subject}`);
      }
      return 0;
    }
    if (sub === 'root') {
      process.stdout.write((await platformCa(ctx)).certPem);
      return 0;
    }
    if (sub === 'import' && values.p12 && (values.org || values.name)) {
      const name = values.org ? `org:${values.org}` : values.name!;
      const c = await importCredential(database.db, masterKey(ctx), name, values.p12, values.password!);
      console.log(`已导入 imported ${name}: ${new X509Certificate(c.certPem).subject.replaceAll('\n', ', ')}`);
      return 0;
    }
    if (sub === 'revoke' && positionals[0]) {
      if (!values.reason || !isRevocationReason(values.reason)) {
        console.error(`--reason 须为 must be one of: ${Object.keys(REVOCATION_REASONS).join(', ')}`);
        return 2;
      }
      const r = await revokeKey(ctx, await keyNameOf(ctx, positionals[0]), values.reason, actor);
      console.log(
        `已吊销 revoked ${r.keyName} serial ${r.serial} at ${r.revokedAt.toISOString()} (${r.reason}); CRL published`,
      );
      return 0;
    }
    if (sub === 'revoke-certificate' && values.cert) {
      if (!values.reason || !isRevocationReason(values.reason)) {
        console.error(`--reason 须为 must be one of: ${Object.keys(REVOCATION_REASONS).join(', ')}`);
        return 2;
      }
      const r = await revokeCertificate(ctx, readFileSync(values.cert, 'utf8'), values.reason, actor);
      console.log(
        `已吊销 revoked serial ${r.serial} (${r.subject}) at ${r.revokedAt.toISOString()} (${r.reason}); CRL published`,
      );
      return 0;
    }
    if (sub === 'rotate' && positionals[0]) {
      const r = await rotateKey(ctx, await keyNameOf(ctx, positionals[0]), actor);
      console.log(
        `已换发 rotated ${r.keyName}: ${new X509Certificate(r.certPem).subject.replaceAll('\n', ', ')}${r.retiredAs ? `; old certificate kept as ${r.retiredAs}` : ''}`,
      );
      return 0;
    }
    if (sub === 'import-to-hsm' && positionals[0]) {
      const r = await rotateKey(ctx, await keyNameOf(ctx, positionals[0]), actor, { inHsm: true });
      console.log(
        `已移入硬件密钥库 now in the PKCS#11 token: ${r.keyName}: ${new X509Certificate(r.certPem).subject.replaceAll('\n', ', ')}${r.retiredAs ? `; old certificate kept as ${r.retiredAs} (revoked: superseded)` : ''}`,
      );
      return 0;
    }
    console.error(USAGE);
    return 2;
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(`${e.message} (${e.code})`);
      return 1;
    }
    throw e;
  } finally {
    await database.close();
  }
}

/** ORG as an operator types it: an id, a 统一社会信用代码 or an exact name; tsa and platform-ca as they are. */
async function keyNameOf(ctx: Pick<AppContext, 'db'>, org: string): Promise<string> {
  if (org === 'tsa' || org === 'platform-ca') return org;
  const isId = /^[0-9a-f-]{36}$/i.test(org);
  const rows = await ctx.db
    .select({ id: organisations.id })
    .from(organisations)
    .where(isId ? eq(organisations.id, org) : or(eq(organisations.uscc, org), eq(organisations.name, org)));
  if (rows.length !== 1)
    throw new DomainError(
      'ORGANISATION_NOT_FOUND',
      rows.length ? `“${org}”对应多个机构，请用机构 id` : `没有机构“${org}”`,
      404,
    );
  return `org:${rows[0].id}`;
}
