import { X509Certificate } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import { issuerKeyIdOf, keyIdOf, parsePem, serialOf, type RevocationReason } from '@netsign/documents';
import type { CoreContext } from '../../platform/app-context';
import { appendAudit } from '../audit/append-audit';
import { certificateRevocations } from './tables';
import { platformCas } from './keys';
import { publishCrl } from './publish-crl';
import { forgetValidationData } from './validation-data';

/**
 * 吊销 one certificate the platform CA issued that belongs to no stored key — a buyer's event
 * certificate, whose key lives only on the buyer's phone (e.g. the phone was lost within the
 * certificate's hour). The certificate itself is the evidence: it must verify under a platform CA.
 * Like revokeKey: on the CRL at once, OCSP answers "revoked", stored documents untouched.
 */
export async function revokeCertificate(ctx: CoreContext, certPem: string, reason: RevocationReason, actor: string) {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(certPem);
  } catch {
    throw new DomainError('CERTIFICATE_UNREADABLE', '无法读取证书：请提供 PEM 格式的证书文件', 400);
  }
  const cert = parsePem(certPem);
  const issuerKeyId = issuerKeyIdOf(cert);
  const ca = (await platformCas(ctx)).find(
    (c) => keyIdOf(c.certPem) === issuerKeyId && x509.verify(new X509Certificate(c.certPem).publicKey),
  );
  if (!ca) throw new DomainError('KEY_NOT_PLATFORM_ISSUED', '该证书不是平台 CA 签发的，请向签发它的 CA 申请吊销', 409);
  const serial = serialOf(cert);
  const [already] = await ctx.db.select().from(certificateRevocations).where(eq(certificateRevocations.serial, serial));
  if (already) throw new DomainError('KEY_ALREADY_REVOKED', `证书 ${serial} 已吊销`, 409);
  const revokedAt = new Date(Math.floor(ctx.clock.now().getTime() / 1000) * 1000); // CRLs and OCSP carry whole seconds
  const subject = x509.subject.replaceAll('\n', ', ');
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(certificateRevocations)
      .values({ serial, issuerKeyId: issuerKeyId!, keyName: `certificate:${serial}`, subject, reason, revokedAt });
    await appendAudit(
      tx,
      {
        actor,
        action: 'certificate.revoked',
        entity: 'certificate',
        entityId: serial,
        data: { subject, reason, revokedAt: revokedAt.toISOString() },
      },
      revokedAt,
    );
  });
  forgetValidationData(ctx);
  await publishCrl(ctx, ca);
  return { serial, subject, reason, revokedAt };
}
