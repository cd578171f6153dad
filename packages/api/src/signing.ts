import { z } from 'zod';

// The buyer's signing with a key only the phone holds (docs/DOCUMENTS.md, "Buyer signing").
const b64 = (max: number) =>
  z
    .string()
    .min(4)
    .max(max)
    .regex(/^[A-Za-z0-9+/=_-]+$/, '须为 Base64 编码');

/** PKCS#10 request over the phone's WebCrypto key (the private key never travels). */
export const ZSigningCertificateRequest = z.object({ csr: b64(8_000) }).strict();

/** The phone's signatures over the signed attributes the server sent, one per document. */
export const ZSigningCompleteRequest = z
  .object({
    requestId: z.uuid(),
    signatures: z
      .array(z.object({ documentId: z.uuid(), signature: b64(2_000) }).strict())
      .min(1)
      .max(3),
  })
  .strict();

/** The documents a buyer signs (the 收案记录 is the office's). */
export const BUYER_SIGNED_KINDS = ['econtract', 'application_form', 'notice'] as const;
