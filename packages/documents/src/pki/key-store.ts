// Private keys at rest: AES-256-GCM under a 32-byte master key held outside the database
// (environment or KMS). `aad` binds a ciphertext to its owner, e.g. the organisation id, so a
// key row copied onto another organisation fails to decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

function checkKey(masterKey: Buffer): void {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes (e.g. openssl rand -base64 32)');
}

export function encryptPrivateKey(keyPem: string, masterKey: Buffer, aad = ''): string {
  checkKey(masterKey);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', masterKey, iv);
  c.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([c.update(keyPem, 'utf8'), c.final()]);
  return [VERSION, iv.toString('base64'), c.getAuthTag().toString('base64'), ct.toString('base64')].join('.');
}

export function decryptPrivateKey(blob: string, masterKey: Buffer, aad = ''): string {
  checkKey(masterKey);
  const [v, iv, tag, ct] = blob.split('.');
  if (v !== VERSION || !iv || !tag || !ct) throw new Error('not an encrypted key blob');
  const d = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(iv, 'base64'));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64')), d.final()]).toString('utf8');
}
