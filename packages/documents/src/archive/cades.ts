// A detached CAdES signature (ETSI EN 319 122-1, CAdES-B-T): CMS SignedData without the content,
// signed attributes content-type, message-digest and ESS signing-certificate-v2, and an RFC 3161
// signature time-stamp over the signature value as an unsigned attribute. Any Signer: the
// database key store or a PKCS#11 token.
import { createHash } from 'node:crypto';
import { assembleSignedData, signedAttributes, timeStampAttribute } from '../pki/cms.ts';
import { set } from '../pki/der.ts';
import type { Signer } from '../pki/signer.ts';
import type { TimestampFn } from '../pki/tsa.ts';

export async function signDetachedCades(content: Buffer, signer: Signer, timestamp?: TimestampFn): Promise<Buffer> {
  const digest = createHash('sha256').update(content).digest();
  const signedAttrs = signedAttributes(signer.certPem, digest);
  return assembleSignedData({
    certPem: signer.certPem,
    chainPem: signer.chainPem,
    signedAttrs,
    signatureValue: await signer.sign(set(...signedAttrs)), // the attributes as a SET, not as [0]
    keyType: signer.algorithm === 'ECDSA-SHA256' ? 'ec' : 'rsa',
    unsigned: timestamp
      ? async (sig) => [timeStampAttribute(await timestamp(createHash('sha256').update(sig).digest()))]
      : undefined,
  });
}
