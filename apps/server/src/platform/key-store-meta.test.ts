import { describe, expect, it } from 'vitest';
import { KeyMetaInvalidError, keyMetaOf, ZSigningKeyMeta, ZVapidMeta } from './key-store-meta';

// Issue 10: key_store.meta is read through the schema of the row's kind, never as `any`.
describe('keyMetaOf', () => {
  it('hands a signing key’s meta on as stored, keys the schema does not list included', () => {
    const meta = {
      chain: ['-----BEGIN CERTIFICATE-----'],
      revoked: { at: '2026-03-01T00:00:00.000Z', reason: '密钥泄露', code: 'keyCompromise' },
      note: 'kept',
    };
    const read = keyMetaOf(ZSigningKeyMeta, { name: 'org:1', meta });
    expect(read).toBe(meta);
    expect(read.revoked?.code).toBe('keyCompromise');
  });

  it('refuses a row of another shape, naming the row and the failing paths, not the values', () => {
    const bad = { name: 'org:2', meta: { chain: 'not a list', revoked: { at: 5, reason: '密钥泄露' } } };
    expect(() => keyMetaOf(ZSigningKeyMeta, bad)).toThrow(KeyMetaInvalidError);
    expect(() => keyMetaOf(ZSigningKeyMeta, bad)).toThrow(
      'key_store.meta of org:2 does not match its schema: chain (invalid_type), revoked.at (invalid_type)',
    );
    expect(() => keyMetaOf(ZVapidMeta, { name: 'vapid', meta: null })).toThrow(
      'key_store.meta of vapid does not match its schema: (root) (invalid_type)',
    );
  });
});
