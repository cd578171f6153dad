import { z } from 'zod';

// `key_store.meta`: what each kind of row keeps beside its certificate and encrypted key. The column
// is typed with the union; a reader checks a row against the schema of its kind where it loads it
// (`keyMetaOf`), and hands the meta on as stored: nothing is dropped when a row is written back.

/** A signing key's row: `org:<id>`, `tsa`, `platform-ca`, `ocsp:<ca key id>`, and retired ones `<name>#<serial>`. */
export const ZSigningKeyMeta = z.object({
  /** the certificate's issuers, nearest first, up to the root */
  chain: z.array(z.string()),
  /** the private key lives in the PKCS#11 token (the row holds none) */
  store: z.literal('pkcs11').optional(),
  pkcs11: z.object({ id: z.string(), label: z.string() }).optional(),
  /** a real CA's PKCS#12 put in place of the platform's (`netsign keys import`) */
  imported: z.boolean().optional(),
  /** 吊销: no new signature is made with it; `code` is the CRL reason */
  revoked: z.object({ at: z.string(), reason: z.string(), code: z.string().optional() }).optional(),
  /** replaced by a newer key, kept to verify what it signed */
  retiredAt: z.string().optional(),
});
export type TSigningKeyMeta = z.infer<typeof ZSigningKeyMeta>;

/** `vapid`: the Web Push key pair's public half (the private half is the row's sealed key). */
export const ZVapidMeta = z.object({ publicKey: z.string() });

/** `crl:<ca key id>`: the CA's last CRL (DER, base64) and its number. */
export const ZCrlMeta = z.object({
  der: z.string(),
  number: z.number().int(),
  thisUpdate: z.string(),
  nextUpdate: z.string(),
});
export type TCrlMeta = z.infer<typeof ZCrlMeta>;

/** `data-seal`: which data key sealed the personal data at rest, and what it sealed. */
export const ZSealMarkerMeta = z.object({
  keyId: z.string(),
  at: z.string(),
  rows: z.number().int(),
  blobs: z.number().int(),
});
export type TSealMarkerMeta = z.infer<typeof ZSealMarkerMeta>;

export const ZKeyStoreMeta = z.union([ZSigningKeyMeta, ZVapidMeta, ZCrlMeta, ZSealMarkerMeta]);
export type TKeyStoreMeta = z.infer<typeof ZKeyStoreMeta>;

/** A row's meta that does not match the schema of its kind: the row and the failing paths, never values. */
export class KeyMetaInvalidError extends Error {
  constructor(
    readonly row: string,
    readonly issues: string[],
  ) {
    super(`key_store.meta of ${row} does not match its schema: ${issues.join(', ')}`);
    this.name = 'KeyMetaInvalidError';
  }
}

/** The row's meta checked against the schema of its kind, as stored. */
export function keyMetaOf<S extends z.ZodType>(schema: S, row: { name: string; meta: unknown }): z.output<S> {
  const r = schema.safeParse(row.meta);
  if (!r.success)
    throw new KeyMetaInvalidError(
      row.name,
      r.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'} (${i.code})`),
    );
  return row.meta as z.output<S>;
}
