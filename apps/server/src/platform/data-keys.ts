import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

// Envelope encryption of personal data at rest (docs/SECURITY.md, item 12). The master key
// (MASTER_KEY, or what the key store derives it from) never encrypts data itself: it derives
//   - a key-encryption key (KEK) that wraps a fresh random data key per value or per blob,
//   - a key id, written beside every wrapped data key, so a key can be rotated (old ones listed
//     in MASTER_KEYS_PREVIOUS still open what they sealed until it is sealed again), and
//   - a blind-index key: HMAC-SHA-256 of a normalised ID number, so records can be found by ID
//     number without the database holding the number.
// Data and wrapped keys are AES-256-GCM.

const SALT = Buffer.from('netsign data keys');
const derive = (master: Buffer, info: string) => Buffer.from(hkdfSync('sha256', master, SALT, info, 32));

/** Sealed text: `ns1.<key id>.<wrapped data key>.<iv | ciphertext | tag>` (base64url). */
export const SEALED_TEXT = /^ns1\.[0-9a-f]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Data sealed under a key this server does not hold: the wrong MASTER_KEY, or an old one not listed. */
export class UnknownDataKeyError extends Error {
  readonly code = 'DATA_KEY_UNKNOWN';
  constructor(
    readonly keyId: string,
    readonly known: string[],
  ) {
    super(
      `数据由密钥 ${keyId} 加密，本服务器的 MASTER_KEY（${known.join('、')}）无法解密；请检查 MASTER_KEY 与 MASTER_KEYS_PREVIOUS / data sealed under key ${keyId}, which this server does not hold (it holds ${known.join(', ')})`,
    );
    this.name = 'UnknownDataKeyError';
  }
}

/** Sealed data whose authentication failed: altered at rest, or cut short. */
export class SealedDataDamagedError extends Error {
  readonly code = 'SEALED_DATA_DAMAGED';
  constructor(what: string) {
    super(`加密数据校验失败（${what}）/ sealed data failed authentication (${what})`);
    this.name = 'SealedDataDamagedError';
  }
}

interface KeyGeneration {
  id: string;
  kek: Buffer;
  index: Buffer;
}

export interface DataKeys {
  /** id of the key new data is sealed under */
  readonly keyId: string;
  /** every key id this server can open, current first */
  readonly keyIds: string[];
  sealText(plain: string): string;
  openText(sealed: string): string;
  /** the key id a sealed text names, or null for text that is not sealed */
  keyIdOf(value: string): string | null;
  /** a fresh data key, and it wrapped under the current key (iv | ciphertext | tag, 60 bytes) */
  newDataKey(): { key: Buffer; wrapped: Buffer };
  /** the data key `wrapped` under key `keyId` (UnknownDataKeyError, SealedDataDamagedError) */
  unwrapDataKey(keyId: string, wrapped: Buffer): Buffer;
  /** the blind index of a value under the current key (look-ups: blindIndexes) */
  blindIndex(value: string): string;
  /** its blind index under every key held, current first: a look-up during a rotation finds both */
  blindIndexes(value: string): string[];
}

function generation(master: Buffer): KeyGeneration {
  return {
    id: derive(master, 'key-id/v1').subarray(0, 8).toString('hex'),
    kek: derive(master, 'data-key-wrap/v1'),
    index: derive(master, 'blind-index/v1'),
  };
}

function gcmSeal(key: Buffer, plain: Buffer, aad: Buffer) {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
  return Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()]);
}

function gcmOpen(key: Buffer, sealed: Buffer, aad: Buffer, what: string) {
  if (sealed.length < 28) throw new SealedDataDamagedError(what);
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12)).setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
  } catch {
    throw new SealedDataDamagedError(what);
  }
}

const WRAP_AAD = Buffer.from('netsign data key');
const TEXT_AAD = Buffer.from('netsign sealed text');

/** The data keys of a master key, and of the previous master keys still to be read. */
export function dataKeys(master: Buffer, previous: Buffer[] = []): DataKeys {
  const current = generation(master);
  const all = [current, ...previous.map(generation).filter((g) => g.id !== current.id)];
  const byId = new Map(all.map((g) => [g.id, g]));
  const gen = (id: string) => {
    const g = byId.get(id);
    if (!g) throw new UnknownDataKeyError(id, [...byId.keys()]);
    return g;
  };
  const newDataKey = () => {
    const key = randomBytes(32);
    return { key, wrapped: gcmSeal(current.kek, key, WRAP_AAD) };
  };
  const unwrapDataKey = (keyId: string, wrapped: Buffer) =>
    gcmOpen(gen(keyId).kek, wrapped, WRAP_AAD, `data key ${keyId}`);
  const index = (g: KeyGeneration, value: string) =>
    createHmac('sha256', g.index).update(value, 'utf8').digest('hex').slice(0, 32);
  return {
    keyId: current.id,
    keyIds: all.map((g) => g.id),
    sealText(plain) {
      const { key, wrapped } = newDataKey();
      return [
        'ns1',
        current.id,
        wrapped.toString('base64url'),
        gcmSeal(key, Buffer.from(plain, 'utf8'), TEXT_AAD).toString('base64url'),
      ].join('.');
    },
    openText(sealed) {
      if (!SEALED_TEXT.test(sealed)) throw new SealedDataDamagedError('not sealed text');
      const [, id, wrapped, body] = sealed.split('.');
      const key = unwrapDataKey(id!, Buffer.from(wrapped!, 'base64url'));
      return gcmOpen(key, Buffer.from(body!, 'base64url'), TEXT_AAD, 'sealed text').toString('utf8');
    },
    keyIdOf: (value) => (SEALED_TEXT.test(value) ? value.split('.')[1]! : null),
    newDataKey,
    unwrapDataKey,
    blindIndex: (value) => index(current, value),
    blindIndexes: (value) => all.map((g) => index(g, value)),
  };
}
