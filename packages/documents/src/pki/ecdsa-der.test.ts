// A phone's WebCrypto signs ECDSA as r‖s; CMS needs DER. The conversion must hold for every
// signature, including those whose r begins with 0x30 (a DER SEQUENCE tag) or with zero bytes —
// the first of these made one buyer signature in 256 fail as 签名与签发给您的证书不符.
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { ecdsaRawToDer } from './event-certificate.ts';

describe('ecdsaRawToDer', () => {
  for (const [curve, bytes] of [
    ['prime256v1', 32],
    ['secp384r1', 48],
  ] as const) {
    it(`turns every ${curve} r‖s into DER that verifies, r starting with 0x30 and with 0x00 included`, () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const seen = { tag: 0, zero: 0, high: 0 };
      for (let i = 0; seen.tag < 2 || seen.zero < 2 || seen.high < 2; i++) {
        expect(i).toBeLessThan(20_000);
        const data = Buffer.from(`document ${i}`);
        const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
        expect(raw.length).toBe(bytes * 2);
        if (raw[0] === 0x30) seen.tag++;
        if (raw[0] === 0 || raw[bytes] === 0) seen.zero++;
        if (raw[0] & 0x80) seen.high++;
        const der = ecdsaRawToDer(raw, bytes);
        expect(verify('sha256', data, publicKey, der), `signature ${i}: ${raw.toString('hex')}`).toBe(true);
        // a DER signature handed over as it is stays as it is
        expect(ecdsaRawToDer(der, bytes).equals(der)).toBe(true);
      }
    });
  }
});
