import { eq } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import {
  issuerKeyIdOf,
  keyIdOf,
  parsePem,
  REASON_LABEL,
  REVOCATION_REASONS,
  serialOf,
  type RevocationReason,
} from '@netsign/documents';
import type { CoreContext } from '../../platform/app-context';
import { keyStore } from '../../platform/tables';
import { keyMetaOf, ZSigningKeyMeta } from '../../platform/key-store-meta';
import { appendAudit } from '../audit/append-audit';
import { certificateRevocations } from './tables';
import { forgetKeys, platformCas } from './keys';
import { publishCrl } from './publish-crl';
import { forgetValidationData } from './validation-data';

export const isRevocationReason = (r: string): r is RevocationReason => r in REVOCATION_REASONS;

/**
 * 吊销: the key's certificate goes on its CA's CRL (published at once) and the OCSP responder
 * answers "revoked"; the key row is marked so no new signature is made with it. Stored documents
 * are not touched: what was signed before (by its time-stamp) stays valid.
 */
export async function revokeKey(ctx: CoreContext, keyName: string, reason: RevocationReason, actor: string) {
  const [row] = await ctx.db.select().from(keyStore).where(eq(keyStore.name, keyName));
  if (!row?.certificatePem) throw new DomainError('KEY_NOT_FOUND', `没有名为 ${keyName} 的密钥`, 404);
  const meta = keyMetaOf(ZSigningKeyMeta, row);
  if (meta.revoked) throw new DomainError('KEY_ALREADY_REVOKED', `密钥 ${keyName} 已吊销`, 409);
  const cert = parsePem(row.certificatePem);
  const issuerKeyId = issuerKeyIdOf(cert);
  const ca = (await platformCas(ctx)).find((c) => keyIdOf(c.certPem) === issuerKeyId);
  // a real CA's certificate (keys import) is revoked by that CA, not by us
  if (!ca)
    throw new DomainError(
      'KEY_NOT_PLATFORM_ISSUED',
      `密钥 ${keyName} 的证书不是平台 CA 签发的，请向签发它的 CA 申请吊销`,
      409,
    );
  const revokedAt = new Date(Math.floor(ctx.clock.now().getTime() / 1000) * 1000); // CRLs and OCSP carry whole seconds
  const serial = serialOf(cert);
  const subject = new (await import('node:crypto')).X509Certificate(row.certificatePem).subject.replaceAll('\n', ', ');
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(certificateRevocations)
      .values({ serial, issuerKeyId: issuerKeyId!, keyName, subject, reason, revokedAt });
    await tx
      .update(keyStore)
      .set({ meta: { ...meta, revoked: { at: revokedAt.toISOString(), reason: REASON_LABEL[reason], code: reason } } })
      .where(eq(keyStore.name, keyName));
    await appendAudit(
      tx,
      {
        actor,
        action: 'key.revoked',
        entity: 'key',
        entityId: keyName,
        data: { serial, reason, revokedAt: revokedAt.toISOString() },
      },
      revokedAt,
    );
  });
  forgetKeys(ctx);
  forgetValidationData(ctx); // the next DSS says revoked
  await publishCrl(ctx, ca);
  return { keyName, serial, reason, revokedAt };
}
