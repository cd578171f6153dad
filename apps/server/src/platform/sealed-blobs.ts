import { createCipheriv, createDecipheriv, randomBytes, type DecipherGCM } from 'node:crypto';
import { Transform } from 'node:stream';
import { SealedDataDamagedError, type DataKeys } from './data-keys';

// Blob bytes at rest (both backends): a header naming the key the blob's data key is wrapped
// under, then the file encrypted with that data key (AES-256-GCM), its tag last:
//   "NSBLOB1\n" | key id (16 hex) | wrapped data key (60) | iv (12) | ciphertext | tag (16)
// A blob's name stays the SHA-256 of the file itself, checked after opening. Bytes without the
// header are a blob stored in clear before item 12; they are read as they are until
// `netsign data seal` (run at start) seals them.

const MAGIC = Buffer.from('NSBLOB1\n');
const HEAD = MAGIC.length + 16 + 60 + 12;
const TAG = 16;
const AAD = Buffer.from('netsign blob');

/** Extra bytes a sealed blob takes. */
export const SEALED_OVERHEAD = HEAD + TAG;

/** The key id a blob's first bytes name, or null when it is held in clear. */
export function sealedKeyId(head: Buffer): string | null {
  return head.length >= MAGIC.length + 16 && head.subarray(0, MAGIC.length).equals(MAGIC)
    ? head.subarray(MAGIC.length, MAGIC.length + 16).toString('latin1')
    : null;
}

/** Encrypts a file on its way to the backend. */
export function sealingStream(keys: DataKeys): Transform {
  const { key, wrapped } = keys.newDataKey();
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, nonce).setAAD(AAD);
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const out = c.update(chunk);
      if (!started) {
        started = true;
        return done(null, Buffer.concat([MAGIC, Buffer.from(keys.keyId, 'latin1'), wrapped, nonce, out]));
      }
      done(null, out);
    },
    flush(done) {
      const head = started
        ? Buffer.alloc(0)
        : Buffer.concat([MAGIC, Buffer.from(keys.keyId, 'latin1'), wrapped, nonce]);
      done(null, Buffer.concat([head, c.final(), c.getAuthTag()]));
    },
  });
}

export function sealBuffer(keys: DataKeys, plain: Buffer): Buffer {
  const { key, wrapped } = keys.newDataKey();
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, nonce).setAAD(AAD);
  return Buffer.concat([
    MAGIC,
    Buffer.from(keys.keyId, 'latin1'),
    wrapped,
    nonce,
    c.update(plain),
    c.final(),
    c.getAuthTag(),
  ]);
}

/**
 * Decrypts a blob's bytes as they are read; a blob held in clear passes unchanged. The last 16
 * bytes (the tag) are held back until the end, where a wrong tag ends the stream in an error.
 */
export function openingStream(keys: () => DataKeys): Transform {
  let head: Buffer | null = Buffer.alloc(0);
  let d: DecipherGCM | null = null;
  let clear = false;
  let tail = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        if (clear) return done(null, chunk);
        if (head) {
          head = Buffer.concat([head, chunk]);
          if (head.length < MAGIC.length && MAGIC.subarray(0, head.length).equals(head)) return done();
          if (!head.subarray(0, MAGIC.length).equals(MAGIC)) {
            clear = true;
            const all = head;
            head = null;
            return done(null, all);
          }
          if (head.length < HEAD) return done();
          const keyId = head.subarray(MAGIC.length, MAGIC.length + 16).toString('latin1');
          const dataKey = keys().unwrapDataKey(keyId, head.subarray(MAGIC.length + 16, MAGIC.length + 76));
          d = createDecipheriv('aes-256-gcm', dataKey, head.subarray(MAGIC.length + 76, HEAD)).setAAD(AAD);
          chunk = head.subarray(HEAD);
          head = null;
        }
        const buf = Buffer.concat([tail, chunk]);
        tail = buf.subarray(Math.max(0, buf.length - TAG));
        done(null, d!.update(buf.subarray(0, buf.length - tail.length)));
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done) {
      if (clear) return done();
      if (head) {
        // shorter than a header: a clear blob of a few bytes, unless it claims to be sealed
        if (head.length >= MAGIC.length) return done(new SealedDataDamagedError('blob cut short'));
        return done(null, head);
      }
      try {
        if (tail.length < TAG) throw new SealedDataDamagedError('blob cut short');
        d!.setAuthTag(tail);
        done(null, d!.final());
      } catch (e) {
        done(e instanceof SealedDataDamagedError ? e : new SealedDataDamagedError('blob'));
      }
    },
  });
}

/** A blob's file from the bytes the backend holds (sealed or clear). */
export function openBuffer(keys: () => DataKeys, held: Buffer): Buffer {
  const keyId = sealedKeyId(held);
  if (!keyId) return held;
  if (held.length < HEAD + TAG) throw new SealedDataDamagedError('blob cut short');
  const dataKey = keys().unwrapDataKey(keyId, held.subarray(MAGIC.length + 16, MAGIC.length + 76));
  const d = createDecipheriv('aes-256-gcm', dataKey, held.subarray(MAGIC.length + 76, HEAD)).setAAD(AAD);
  d.setAuthTag(held.subarray(held.length - TAG));
  try {
    return Buffer.concat([d.update(held.subarray(HEAD, held.length - TAG)), d.final()]);
  } catch {
    throw new SealedDataDamagedError('blob');
  }
}
