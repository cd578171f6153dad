import { and, eq } from 'drizzle-orm';
import {
  issueOcspResponderCertificate,
  keyIdOf,
  ocspRespond,
  type Credential,
  type OcspStatus,
  type RevocationReason,
} from '@netsign/documents';
import type { CoreContext } from '../../platform/app-context';
import { keyStore } from '../../platform/tables';
import { certificateRevocations } from './tables';
import { decryptPrivateKey, encryptPrivateKey } from '@netsign/documents';
import { masterKey, platformCas } from './keys';

/** A responder certificate is replaced when it has less than this left (it lives 90 days). */
const RENEW_BEFORE_MS = 30 * 24 * 3600_000;

/** The CA's delegated OCSP responder (row `ocsp:<ca key id>`), made on first use and renewed before it expires. */
export async function responderOf(ctx: CoreContext, ca: Credential): Promise<Credential> {
  const name = `ocsp:${keyIdOf(ca.certPem)}`;
  const [row] = await ctx.db.select().from(keyStore).where(eq(keyStore.name, name));
  if (row?.certificatePem) {
    const notAfter = new Date(new (await import('node:crypto')).X509Certificate(row.certificatePem).validTo);
    if (notAfter.getTime() - ctx.clock.now().getTime() > RENEW_BEFORE_MS) {
      return {
        certPem: row.certificatePem,
        keyPem: decryptPrivateKey(row.encryptedKey!, masterKey(ctx), name),
        chainPem: [ca.certPem],
      };
    }
  }
  const made = await issueOcspResponderCertificate(ca);
  const values = {
    certificatePem: made.certPem,
    encryptedKey: encryptPrivateKey(made.keyPem, masterKey(ctx), name),
    meta: { chain: made.chainPem },
  };
  await ctx.db
    .insert(keyStore)
    .values({ name, ...values })
    .onConflictDoUpdate({ target: keyStore.name, set: values });
  return made;
}

/** RFC 6960: "revoked" (with time and reason) for a serial on a CA's revocation list, "good" otherwise. */
export async function answerOcsp(ctx: CoreContext, requestDer: Buffer): Promise<Buffer> {
  const cas = await platformCas(ctx);
  const pairs = await Promise.all(cas.map(async (ca) => ({ ca, responder: await responderOf(ctx, ca) })));
  return ocspRespond(requestDer, {
    cas: pairs,
    now: ctx.clock.now(),
    async statusOf(ca, serial): Promise<OcspStatus> {
      const [r] = await ctx.db
        .select()
        .from(certificateRevocations)
        .where(
          and(eq(certificateRevocations.serial, serial), eq(certificateRevocations.issuerKeyId, keyIdOf(ca.certPem))),
        );
      return r
        ? { status: 'revoked', revokedAt: r.revokedAt, reason: r.reason as RevocationReason }
        : { status: 'good' };
    },
  });
}
