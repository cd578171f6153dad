// Keys in a PKCS#11 token (an HSM; SoftHSM2 in tests) through graphene-pk11. A key is made inside
// the token as a sensitive, non-extractable private key object: the server can ask the token to
// sign, never read the key. The public half comes out to be certified by the platform CA.
import { createPublicKey, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as G from 'graphene-pk11';
import type { Signer } from './signer.ts';

// the native addon is loaded on first use, so a server without a token never needs it
let loaded: typeof G | undefined;
const g = (): typeof G => (loaded ??= createRequire(import.meta.url)('graphene-pk11') as typeof G);

export interface Pkcs11Config {
  library: string;
  token: string;
  pin: string;
}

const modules = new Map<string, G.Module>();

/** One C_Initialize per library and process; later opens reuse it. */
function moduleOf(library: string): G.Module {
  let m = modules.get(library);
  if (!m) {
    m = g().Module.load(library, 'netsign');
    m.initialize();
    modules.set(library, m);
  }
  return m;
}

export interface KeyAttributes {
  sensitive: boolean;
  extractable: boolean;
  alwaysSensitive: boolean;
  neverExtractable: boolean;
  token: boolean;
}

export class Pkcs11KeyStore {
  private session: G.Session;

  constructor(readonly config: Pkcs11Config) {
    const mod = moduleOf(config.library);
    const slots = mod.getSlots(true);
    let slot: G.Slot | undefined;
    for (let i = 0; i < slots.length; i++)
      if (slots.items(i).getToken().label.trim() === config.token) slot = slots.items(i);
    if (!slot) throw new Error(`PKCS#11: no token labelled "${config.token}" in ${config.library}`);
    this.session = slot.open(g().SessionFlag.SERIAL_SESSION | g().SessionFlag.RW_SESSION);
    try {
      this.session.login(config.pin, g().UserType.USER);
    } catch (e) {
      if (!/CKR_USER_ALREADY_LOGGED_IN/.test(String(e))) throw e; // another session of this process logged in
    }
  }

  /** An RSA-2048 key pair made in the token; the private key is sensitive and never extractable. */
  generateKey(label: string): { label: string; id: string; publicKeyPem: string } {
    const id = randomBytes(16);
    const pair = this.session.generateKeyPair(
      g().KeyGenMechanism.RSA,
      {
        keyType: g().KeyType.RSA,
        modulusBits: 2048,
        publicExponent: Buffer.from([1, 0, 1]),
        token: true,
        verify: true,
        label,
        id,
      },
      {
        keyType: g().KeyType.RSA,
        token: true,
        private: true,
        sign: true,
        sensitive: true,
        extractable: false,
        label,
        id,
      },
    );
    const pub = pair.publicKey.getAttribute({ modulus: null, publicExponent: null }) as {
      modulus: Buffer;
      publicExponent: Buffer;
    };
    const publicKeyPem = createPublicKey({
      key: { kty: 'RSA', n: pub.modulus.toString('base64url'), e: pub.publicExponent.toString('base64url') },
      format: 'jwk',
    })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    return { label, id: id.toString('hex'), publicKeyPem };
  }

  private privateKey(id: string): G.PrivateKey {
    const found = this.session.find({ class: g().ObjectClass.PRIVATE_KEY, id: Buffer.from(id, 'hex') });
    if (!found.length) throw new Error(`PKCS#11: no private key with id ${id} in token "${this.config.token}"`);
    return found.items(0).toType<G.PrivateKey>();
  }

  /** A Signer whose key stays in the token (CKM_SHA256_RSA_PKCS: the token hashes and signs). */
  signer(id: string, certPem: string, chainPem: string[]): Signer {
    const key = this.privateKey(id);
    return {
      certPem,
      chainPem,
      algorithm: 'RSA-SHA256',
      sign: async (data) => this.session.createSign('SHA256_RSA_PKCS', key).once(data),
    };
  }

  /** What the token says about the private key (CKA_SENSITIVE, CKA_EXTRACTABLE, …). */
  attributes(id: string): KeyAttributes {
    const a = this.privateKey(id).getAttribute({
      sensitive: null,
      extractable: null,
      alwaysSensitive: null,
      neverExtractable: null,
      token: null,
    });
    return a as unknown as KeyAttributes;
  }

  /** Asks the token for the private exponent — a sensitive key must refuse (the test asserts it). */
  readPrivateExponent(id: string): Buffer {
    return (this.privateKey(id).getAttribute({ privateExponent: null }) as { privateExponent: Buffer }).privateExponent;
  }

  /**
   * 32 bytes derived inside the token: HMAC-SHA256 under a secret key (made once, sensitive,
   * non-extractable) over `info`. The master key of a server that has a token and no MASTER_KEY.
   */
  deriveSecret(label: string, info: string): Buffer {
    let key = this.session.find({ class: g().ObjectClass.SECRET_KEY, label });
    if (!key.length) {
      this.session.generateKey(g().KeyGenMechanism.GENERIC_SECRET, {
        keyType: g().KeyType.GENERIC_SECRET,
        valueLen: 32,
        token: true,
        private: true,
        sign: true,
        sensitive: true,
        extractable: false,
        label,
      });
      key = this.session.find({ class: g().ObjectClass.SECRET_KEY, label });
    }
    return this.session.createSign('SHA256_HMAC', key.items(0).toType<G.SecretKey>()).once(Buffer.from(info, 'utf8'));
  }

  close() {
    this.session.close();
  }
}

const stores = new Map<string, Pkcs11KeyStore>();

/** The key store of a token, opened once per process. */
export function openPkcs11(config: Pkcs11Config): Pkcs11KeyStore {
  const k = `${config.library}\0${config.token}`;
  let s = stores.get(k);
  if (!s) stores.set(k, (s = new Pkcs11KeyStore(config)));
  return s;
}
