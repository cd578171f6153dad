import { eq } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import { decryptPrivateKey, encryptPrivateKey, parsePem, serialOf } from '@netsign/documents';
import type { CoreContext } from '../../platform/app-context';
import { keyStore } from '../../platform/tables';
import { keyMetaOf, ZSigningKeyMeta } from '../../platform/key-store-meta';
import { appendAudit } from '../audit/append-audit';
import { organisations } from '../accounts/tables';
import { forgetKeys, hsm, makeInHsm, masterKey, organisationCredential, platformCa, tsaCredential } from './keys';
import { revokeKey } from './revoke-key';
import { refreshCrls } from './publish-crl';
import { forgetValidationData } from './validation-data';

/**
 * 换发: a new key and certificate for an organisation (`org:<id>`), the TSA (`tsa`) or the root
 * (`platform-ca`, a root rollover). The old certificate is kept under `<name>#<serial>` to verify
 * what it signed; an organisation's or the TSA's is revoked as superseded (unless already revoked)
 * and its private key dropped. An old root keeps its key: it still signs its own CRLs and OCSP
 * responders, and verification trusts every root in the history.
 */
export async function rotateKey(ctx: CoreContext, keyName: string, actor: string, opts: { inHsm?: boolean } = {}) {
  const org = keyName.startsWith('org:')
    ? (
        await ctx.db
          .select()
          .from(organisations)
          .where(eq(organisations.id, keyName.slice(4)))
      )[0]
    : undefined;
  if (!['platform-ca', 'tsa'].includes(keyName) && !org)
    throw new DomainError('KEY_NOT_FOUND', `没有名为 ${keyName} 的密钥`, 404);
  if (opts.inHsm && (!org || !hsm(ctx)))
    throw new DomainError(
      'HSM_NOT_CONFIGURED',
      org
        ? '未配置 PKCS#11 硬件密钥库（PKCS11_LIBRARY、PKCS11_TOKEN、PKCS11_PIN）'
        : '只有机构的签章密钥可以移入硬件密钥库',
      409,
    );
  const root = keyName === 'platform-ca';
  const [old] = await ctx.db.select().from(keyStore).where(eq(keyStore.name, keyName));
  if (old?.certificatePem && !root && !keyMetaOf(ZSigningKeyMeta, old).revoked) {
    await revokeKey(ctx, keyName, 'superseded', actor).catch((e) => {
      if (!(e instanceof DomainError && e.code === 'KEY_NOT_PLATFORM_ISSUED')) throw e; // an imported key: its CA revokes it
    });
  }
  const now = ctx.clock.now();
  let retiredAs: string | undefined;
  if (old?.certificatePem) {
    const name = (retiredAs = `${keyName}#${serialOf(parsePem(old.certificatePem))}`);
    // the row name is the key's AAD: a retired root's key is encrypted again under its new name
    const encryptedKey = root
      ? encryptPrivateKey(decryptPrivateKey(old.encryptedKey!, masterKey(ctx), keyName), masterKey(ctx), name)
      : null;
    await ctx.db.transaction(async (tx) => {
      const [current] = await tx.select().from(keyStore).where(eq(keyStore.name, keyName));
      await tx.insert(keyStore).values({
        name,
        certificatePem: current.certificatePem,
        encryptedKey,
        meta: { ...keyMetaOf(ZSigningKeyMeta, current), retiredAt: now.toISOString() },
      });
      await tx.delete(keyStore).where(eq(keyStore.name, keyName));
      await appendAudit(
        tx,
        { actor, action: 'key.rotated', entity: 'key', entityId: keyName, data: { retiredAs } },
        now,
      );
    });
  }
  forgetKeys(ctx);
  if (opts.inHsm) {
    const c = await makeInHsm(ctx, org!);
    await ctx.db
      .insert(keyStore)
      .values({ name: keyName, certificatePem: c.certPem, encryptedKey: null, meta: { chain: c.chainPem, ...c.meta } });
    await appendAuditNow(ctx, actor, keyName, { store: 'pkcs11', label: c.meta.pkcs11.label });
  }
  const made = root
    ? await platformCa(ctx)
    : keyName === 'tsa'
      ? await tsaCredential(ctx)
      : await organisationCredential(ctx, org!);
  if (root) await refreshCrls(ctx);
  forgetValidationData(ctx); // the next DSS is gathered with the new CA, TSA or certificate
  return { keyName, retiredAs, certPem: made.certPem };
}

const appendAuditNow = (ctx: CoreContext, actor: string, keyName: string, data: Record<string, unknown>) =>
  ctx.db.transaction((tx) =>
    appendAudit(tx, { actor, action: 'key.moved-to-hsm', entity: 'key', entityId: keyName, data }, ctx.clock.now()),
  );
