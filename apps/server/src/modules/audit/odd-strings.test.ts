import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../testing/test-server';
import { appendAudit } from './append-audit';
import { verifyAuditChain } from './verify-audit-chain';

// Issue 11 item 3: an entry is hashed exactly as the database stores it, so no string, however
// odd, can make `netsign audit verify` report an edited entry; text that cannot be stored as sent
// (NUL, lone surrogates) is refused at the edge with a 400 that names the field.
const ODD = [
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '\u0000',
  'a\u0000b',
  '\\u0000',
  '\\ud800',
  '😀',
  '\ud83d\ude00',
  'e\u0301',
  '\u202eevil',
  '\ufeffbom',
  'line\u2028sep\u2029',
  '\r\n\t\b\f\v',
  '"\'`\\',
  '\u007f\u0080\u009f',
  '\uffff\ufffe',
  '中山市翠湖花园',
  '𠀀𪚥',
  ' ',
  '',
  'x'.repeat(20_000),
  '{"a":1}',
  '<script>alert(1)</script>',
  '%00',
  '%ED%A0%80',
  "Robert'); drop table audit_log;--",
];

describe('audit chain with odd strings', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s?.close());

  it('stays intact when every odd string is appended, in every field and as keys', async () => {
    for (const [i, v] of ODD.entries()) {
      await s.ctx.db.transaction((tx) =>
        appendAudit(tx, {
          actor: v,
          orgId: null,
          action: `odd.${i}`,
          entity: v,
          entityId: v,
          data: { v, list: [v, { [v]: v }], [`k${v}`]: v, n: [1e21, -0, 0.1 + 0.2, 2 ** 53 + 1, 1e-7], dup: { a: 1 } },
        }),
      );
    }
    const r = await verifyAuditChain(s.ctx.db);
    expect(r.problems).toEqual([]);
    expect(r.entries).toBeGreaterThanOrEqual(ODD.length);
  });

  it('refuses a login whose user name holds a lone surrogate or NUL, naming the field, and the chain stays intact', async () => {
    for (const bad of ['\\ud800', 'admin\\u0000', '\\udc00x']) {
      const res = await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: `{"username":"${bad}","password":"x"}`,
      });
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.violations).toEqual([expect.objectContaining({ field: 'username', code: 'INVALID_CHARACTERS' })]);
      expect(body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // the same in a query string and a path
    const q = await s.app.inject({ method: 'GET', url: '/api/public/certificates/verify?no=%00abc&code=xxxxx' });
    expect(q.statusCode).toBe(400);
    expect(q.json().violations[0].field).toBe('no');
    const p = await s.app.inject({ method: 'GET', url: '/api/buyer/cases/aaaaaaaaaaaaaaaaaaaaaaaa%00' });
    expect(p.statusCode).toBe(400);
    expect(p.json().violations[0].field).toBe('token');
    expect((await verifyAuditChain(s.ctx.db)).problems).toEqual([]);
  });
});
