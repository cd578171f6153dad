// What the LTV writer needs from the platform (issue 13 item 2): the trusted roots, and for each
// certificate our CA issued its current CRL and a fresh OCSP answer — made in-process, the same
// answers /api/pki/crl and /api/pki/ocsp give, without HTTP to ourselves. Loaded before a
// transaction (prepareSigner) and kept in memory, so finishing a document inside the issuing
// transaction never touches the database (PGlite has one connection).
import {
  createOcspRequest,
  issuerKeyIdOf,
  keyIdOf,
  ocspRespond,
  type Credential,
  type OcspStatus,
  type RevocationReason,
  type RevocationSource,
} from '@netsign/documents';
import { X509Certificate } from 'node:crypto';
import type { CoreContext } from '../../platform/app-context';
import { certificateRevocations } from './tables';
import { platformCas, trustedRoots } from './keys';
import { currentCrl } from './publish-crl';
import { responderOf } from './answer-ocsp';

export interface ValidationContext {
  roots: string[];
  revocation: RevocationSource;
}

/** A prepared context is used for this long; prepareValidationData renews it before each issuing transaction. */
const KEEP_MS = 5 * 60_000;
const cache = new WeakMap<CoreContext, { at: number; p: Promise<ValidationContext> }>();

async function load(ctx: CoreContext): Promise<ValidationContext> {
  const cas = await platformCas(ctx);
  const byKeyId = new Map<string, { ca: Credential; responder: Credential; crl: Buffer }>();
  for (const ca of cas) {
    const id = keyIdOf(ca.certPem);
    byKeyId.set(id, { ca, responder: await responderOf(ctx, ca), crl: (await currentCrl(ctx, id))! });
  }
  const revoked = await ctx.db.select().from(certificateRevocations);
  const roots = await trustedRoots(ctx);
  return {
    roots,
    async revocation(cert, issuer) {
      const mine = byKeyId.get(issuerKeyIdOf(cert) ?? '');
      if (!mine) return { crls: [], ocsps: [] }; // another CA's certificate (keys import): its own CA answers for it
      const ocsp = await ocspRespond(await createOcspRequest(cert, issuer), {
        cas: [{ ca: mine.ca, responder: mine.responder }],
        now: ctx.clock.now(),
        async statusOf(ca, serial): Promise<OcspStatus> {
          const r = revoked.find((x) => x.serial === serial && x.issuerKeyId === keyIdOf(ca.certPem));
          return r
            ? { status: 'revoked', revokedAt: r.revokedAt, reason: r.reason as RevocationReason }
            : { status: 'good' };
        },
      });
      return { crls: [mine.crl], ocsps: [ocsp], certs: [new X509Certificate(mine.responder.certPem).raw] };
    },
  };
}

/** Reads the roots, CRLs, responders and revocations now (before a transaction that issues documents). */
export async function prepareValidationData(ctx: CoreContext): Promise<ValidationContext> {
  const p = load(ctx);
  // the new context replaces the old one only once it is read: a transaction of another request
  // may be using the old one, and on PGlite a pending read there would wait for that transaction
  if (!cache.has(ctx)) cache.set(ctx, { at: Date.now(), p });
  p.then(
    () => cache.set(ctx, { at: Date.now(), p }),
    () => cache.delete(ctx),
  );
  return p;
}

/** The prepared context (inside a transaction: the one prepared before it), or a fresh one. */
export function validationContext(ctx: CoreContext): Promise<ValidationContext> {
  const hit = cache.get(ctx);
  return hit && Date.now() - hit.at < KEEP_MS ? hit.p : prepareValidationData(ctx);
}

/** After a revocation: the next document gets answers that say so. */
export function forgetValidationData(ctx: CoreContext) {
  cache.delete(ctx);
}
