import { readFileSync } from 'node:fs';
import { importPkcs12, encryptPrivateKey } from '@netsign/documents';
import type { Executor } from '../../platform/db';
import { keyStore } from '../../platform/tables';

/**
 * Puts a real CA's PKCS#12 in place of the key the platform CA issued for an organisation (or of
 * the TSA's). The key is stored encrypted under the master key, like the generated ones. Verifiers
 * then need that CA's root too (TRUSTED_ROOTS / `netsign verify --trust`).
 */
export async function importCredential(
  db: Executor,
  masterKey: Buffer,
  name: string,
  p12File: string,
  password: string,
) {
  const c = importPkcs12(readFileSync(p12File), password);
  const row = {
    certificatePem: c.certPem,
    encryptedKey: encryptPrivateKey(c.keyPem, masterKey, name),
    meta: { chain: c.chainPem, imported: true },
  };
  await db
    .insert(keyStore)
    .values({ name, ...row })
    .onConflictDoUpdate({ target: keyStore.name, set: row });
  return c;
}
