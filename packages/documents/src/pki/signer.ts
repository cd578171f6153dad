// A Signer is a certificate and something that signs with its key — a PEM key held in memory
// (decrypted from the database) or a key inside a PKCS#11 token that never leaves it. PAdES
// signing needs only this: the signed attributes are hashed and signed, the rest is CMS assembly.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { assembleSignedData, signedAttributes, timeStampAttribute } from './cms.ts';
import { set } from './der.ts';
import { certInfo, dnText } from './cert-info.ts';
import { embedCms, preparePdf, type SignOptions } from './sign.ts';
import type { Credential } from './keys.ts';

export interface Signer {
  certPem: string;
  chainPem: string[]; // issuers, nearest first
  /** SHA-256 with RSA PKCS#1 v1.5, or ECDSA (DER signature) */
  algorithm: 'RSA-SHA256' | 'ECDSA-SHA256';
  /** signs `data` (hashing it with SHA-256 first, inside the key store when it is a token) */
  sign(data: Buffer): Promise<Buffer>;
}

/** The key held in memory (the database store: decrypted under the master key on load). */
export function credentialSigner(c: Credential): Signer {
  const key = createPrivateKey(c.keyPem);
  return {
    certPem: c.certPem,
    chainPem: c.chainPem,
    algorithm: key.asymmetricKeyType === 'ec' ? 'ECDSA-SHA256' : 'RSA-SHA256',
    sign: async (data) => sign('sha256', data, key),
  };
}

/** PAdES signature (as signPdf) by any Signer. */
export async function signPdfWith(pdf: Buffer, signer: Signer, o: SignOptions): Promise<Buffer> {
  const cn =
    /CN=([^\n]+)/.exec(certInfo(signer.certPem).x509.subject)?.[1] ?? dnText(certInfo(signer.certPem).x509.subject);
  const p = preparePdf(pdf, { ...o, name: o.name ?? cn });
  const digest = createHash('sha256').update(p.content[0]).update(p.content[1]).digest();
  const signedAttrs = signedAttributes(signer.certPem, digest);
  const cms = await assembleSignedData({
    certPem: signer.certPem,
    chainPem: signer.chainPem,
    signedAttrs,
    signatureValue: await signer.sign(set(...signedAttrs)), // the attributes as a SET, not as [0]
    keyType: signer.algorithm === 'ECDSA-SHA256' ? 'ec' : 'rsa',
    unsigned: o.timestamp
      ? async (sig) => [timeStampAttribute(await o.timestamp!(createHash('sha256').update(sig).digest()))]
      : undefined,
  });
  return embedCms(p, cms);
}
