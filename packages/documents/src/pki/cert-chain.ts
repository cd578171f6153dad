// A certificate's path up to a trusted root from the certificates at hand (the CMS, the DSS, the
// roots), matched by name and key identifier — a root rollover keeps the name, so names alone
// would pick the wrong root. The LTV writer and the level judge walk the same path.
import { createHash } from 'node:crypto';
import type * as asn1 from 'asn1js';
import type * as pkijs from 'pkijs';
import { certDer } from './cms-check.ts';
import { issuerKeyIdOf } from './revocation.ts';

/** A certificate's own key identifier (subjectKeyIdentifier, else SHA-1 of its public key). */
export function keyId(c: pkijs.Certificate): string {
  const ski = c.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as asn1.OctetString | undefined;
  return Buffer.from(
    ski
      ? ski.valueBlock.valueHexView
      : createHash('sha1').update(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest(),
  ).toString('hex');
}

const hashes = new WeakMap<pkijs.Certificate, string>();
/** SHA-256 of the certificate's DER (re-encoding with pkijs is slow: kept per object). */
export function certHash(c: pkijs.Certificate): string {
  let h = hashes.get(c);
  if (!h) hashes.set(c, (h = createHash('sha256').update(certDer(c)).digest('hex')));
  return h;
}
export const isSelfIssued = (c: pkijs.Certificate): boolean =>
  c.subject.isEqual(c.issuer) && (issuerKeyIdOf(c) ?? keyId(c)) === keyId(c);

/** The issuer of `c` among `pool`: same name as its issuer and, when it says, the key it names. */
export function issuerOf(c: pkijs.Certificate, pool: pkijs.Certificate[]): pkijs.Certificate | undefined {
  const aki = issuerKeyIdOf(c);
  const named = pool.filter((p) => p.subject.isEqual(c.issuer));
  return named.find((p) => aki && keyId(p) === aki) ?? (aki ? undefined : named[0]);
}

/** leaf → … → a self-issued certificate (or as far as the pool goes); `rooted` when it ends in one of `roots`. */
export function chainOf(
  leaf: pkijs.Certificate,
  pool: pkijs.Certificate[],
  roots: pkijs.Certificate[],
): { chain: pkijs.Certificate[]; rooted: boolean } {
  const all = [...roots, ...pool];
  const rootHashes = new Set(roots.map(certHash));
  const chain = [leaf];
  for (let c = leaf; chain.length < 10; ) {
    if (rootHashes.has(certHash(c))) return { chain, rooted: true };
    if (isSelfIssued(c)) return { chain, rooted: false };
    const up = issuerOf(c, all);
    if (!up || chain.includes(up)) return { chain, rooted: false };
    chain.push(up);
    c = up;
  }
  return { chain, rooted: false };
}
