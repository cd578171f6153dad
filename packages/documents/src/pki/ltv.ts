// PAdES B-LT and B-LTA (ETSI EN 319 142-1 5.4): after the last signature, every certificate, CRL
// and OCSP response a verifier needs later goes into the DSS, then a document time-stamp covers
// it all. What is needed is read from the file itself: each signature's signer chain, its
// signature time-stamp's TSA chain, every earlier document time-stamp's TSA chain — plus the
// certificates named in `alsoFor` (the TSA about to stamp, so its own status is in the file).
// Revocation data comes from a RevocationSource: the server answers for its own CA in-process.
import * as pkijs from 'pkijs';
import { certDer, parsePemCertificates, readSignedData } from './cms-check.ts';
import { addDss, readDss, vriKey, type ValidationData } from './dss.ts';
import { addDocumentTimestamp } from './doc-timestamp.ts';
import { certHash, chainOf, isSelfIssued } from './cert-chain.ts';
import { contentsBytes, derPrefix, findSignatureDicts } from './sig-dicts.ts';
import type { TimestampFn } from './tsa.ts';

/**
 * CRLs and OCSP responses (DER) on `cert`'s status now; empty lists when the source has none.
 * `certs`: the certificates those answers need (the OCSP responder's), when the source knows
 * them — else they are read out of each OCSP response.
 */
export type RevocationSource = (
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
) => Promise<{ crls: Buffer[]; ocsps: Buffer[]; certs?: Buffer[] }>;

export interface LtvOptions {
  trustedRoots: string[];
  revocation: RevocationSource;
  /** more certificates (PEM) whose chain and status belong in the DSS: the TSA that stamps next */
  alsoFor?: string[];
}

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** The certificates an OCSP response carries (its responder's, for a delegated responder). */
function ocspCerts(der: Buffer): pkijs.Certificate[] {
  try {
    const resp = pkijs.OCSPResponse.fromBER(ab(der));
    if (!resp.responseBytes) return [];
    return (
      pkijs.BasicOCSPResponse.fromBER(ab(Buffer.from(resp.responseBytes.response.valueBlock.valueHexView))).certs ?? []
    );
  } catch {
    return [];
  }
}

/** Everything the file's signatures and time-stamps need to be verified without the network. */
export async function collectValidationData(pdf: Buffer, o: LtvOptions): Promise<ValidationData> {
  const roots = parsePemCertificates(o.trustedRoots);
  const dssCerts = readDss(pdf).certs.flatMap((i) => {
    try {
      return [pkijs.Certificate.fromBER(ab(i.der))];
    } catch {
      return [];
    }
  });
  const out: ValidationData = { certs: [], crls: [], ocsps: [], vri: [] };
  const seen = { certs: new Set<string>(), crls: new Set<string>(), ocsps: new Set<string>() };
  const put = (kind: 'certs' | 'crls' | 'ocsps', der: Buffer) => {
    const k = der.toString('base64');
    if (!seen[kind].has(k)) {
      seen[kind].add(k);
      out[kind].push(der);
    }
  };
  const statusCache = new Map<string, ReturnType<RevocationSource>>();

  /** The chain of `leaf` and the status of each certificate in it but the root. */
  async function evidence(leaf: pkijs.Certificate, pool: pkijs.Certificate[]) {
    const { chain } = chainOf(leaf, [...pool, ...dssCerts], roots);
    const e = { certs: chain.map(certDer), crls: [] as Buffer[], ocsps: [] as Buffer[] };
    for (let i = 0; i < chain.length; i++) {
      const c = chain[i],
        issuer = chain[i + 1];
      if (!issuer || isSelfIssued(c)) continue;
      const key = certHash(c);
      if (!statusCache.has(key)) statusCache.set(key, o.revocation(c, issuer));
      const s = await statusCache.get(key)!;
      e.crls.push(...s.crls);
      e.ocsps.push(...s.ocsps);
      if (s.certs) e.certs.push(...s.certs);
      else for (const r of s.ocsps) e.certs.push(...ocspCerts(r).map(certDer));
    }
    return e;
  }
  const merge = (into: { certs: Buffer[]; crls: Buffer[]; ocsps: Buffer[] }, e: typeof into) => {
    into.certs.push(...e.certs);
    into.crls.push(...e.crls);
    into.ocsps.push(...e.ocsps);
  };

  for (const f of findSignatureDicts(pdf)) {
    const contents = f.br ? contentsBytes(pdf, f.br) : undefined;
    if (!contents) continue;
    let cms: ReturnType<typeof readSignedData> | undefined;
    try {
      cms = readSignedData(derPrefix(contents));
    } catch {
      cms = undefined;
    }
    if (!cms?.signer) continue;
    const mine = { key: vriKey(contents), certs: [] as Buffer[], crls: [] as Buffer[], ocsps: [] as Buffer[] };
    merge(mine, await evidence(cms.signer, cms.certs));
    if (cms.timestampToken) {
      // the signature time-stamp's TSA
      let ts: ReturnType<typeof readSignedData> | undefined;
      try {
        ts = readSignedData(cms.timestampToken);
      } catch {
        ts = undefined;
      }
      if (ts?.signer) merge(mine, await evidence(ts.signer, ts.certs));
    }
    out.vri.push(mine);
    for (const k of ['certs', 'crls', 'ocsps'] as const) for (const d of mine[k]) put(k, d);
  }
  for (const pem of o.alsoFor ?? []) {
    for (const c of parsePemCertificates([pem])) {
      const e = await evidence(c, []);
      for (const k of ['certs', 'crls', 'ocsps'] as const) for (const d of e[k]) put(k, d);
    }
  }
  return out;
}

/** B-LT: the validation data of every signature in a DSS update. */
export async function addValidationData(pdf: Buffer, o: LtvOptions): Promise<Buffer> {
  return addDss(pdf, await collectValidationData(pdf, o));
}

/**
 * B-LTA, and its renewal: the DSS (with the status of the TSA about to stamp), then a document
 * time-stamp over all of it. `tsaCertPem`: the stamping TSA's certificate, when known beforehand.
 */
export async function addArchiveTimestamp(
  pdf: Buffer,
  o: LtvOptions & { timestamp: TimestampFn; tsaCertPem?: string },
): Promise<Buffer> {
  const withDss = await addValidationData(pdf, {
    ...o,
    alsoFor: [...(o.alsoFor ?? []), ...(o.tsaCertPem ? [o.tsaCertPem] : [])],
  });
  return addDocumentTimestamp(withDss, o.timestamp);
}
