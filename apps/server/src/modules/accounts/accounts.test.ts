import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { auditLog } from '../audit/tables';
import { sessions } from './tables';
import { expectOk } from '../../demo/walk/expect';
import { DEMO_BUYERS } from '../../demo/demo-accounts';

describe('accounts: staff login, CSRF, buyer SMS sign-in', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await demoWorld();
  }, 120_000);
  afterAll(() => w?.close());

  it('refuses a wrong password with one message for any user, and records the attempt', async () => {
    const wrong = await w.client().post('/api/auth/login', { username: 'seller', password: 'nope-nope-nope' });
    const ghost = await w.client().post('/api/auth/login', { username: 'nobody', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(ghost.body).toEqual(wrong.body);
    const [last] = await w.server.ctx.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(last.action).toBe('login.failed');
  });

  it('keeps the session in an httpOnly cookie and stores only its hash', async () => {
    const r = await w.client().post('/api/auth/login', { username: 'notary', password: 'Notary@2026demo' });
    const cookie = String([r.headers['set-cookie']].flat()[0]);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const token = /netsign_session=([^;]+)/.exec(cookie)![1];
    const stored = await w.server.ctx.db.select().from(sessions).where(eq(sessions.tokenHash, token));
    expect(stored).toHaveLength(0);
  });

  it('refuses a state change without the CSRF token, even with a valid session', async () => {
    const c = w.client();
    await c.login('seller', 'Seller@2026demo');
    c.csrf = '';
    const r = await c.post('/api/contracts', { unitId: w.nextUnit().id });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('CSRF_FAILED');
  });

  it('signs a buyer in with the code sent by SMS, spends a code after five wrong tries, and limits resends', async () => {
    const phone = '13700000001';
    // codes go only to phones on a pushed contract
    await w.pushedContract([{ ...DEMO_BUYERS[0], phone }]);
    const b = w.client();
    expectOk(await b.post('/api/buyer/otp', { phone }), 'otp');
    expect((await b.post('/api/buyer/otp', { phone })).status).toBe(429);
    const sms = expectOk(await b.get(`/api/dev/outbox?to=${phone}`), 'outbox');
    const code = /验证码为 (\d{6})/.exec(sms[0].body)![1];
    const wrongCode = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await b.post('/api/buyer/login', { phone, code: wrongCode })).status).toBe(401);
    const late = await b.post('/api/buyer/login', { phone, code });
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('OTP_EXPIRED');
    await w.clock.advance(61_000);
    expectOk(await b.post('/api/buyer/otp', { phone }), 'otp again');
    const code2 = /验证码为 (\d{6})/.exec(expectOk(await b.get(`/api/dev/outbox?to=${phone}`), 'outbox')[0].body)![1];
    expectOk(await b.post('/api/buyer/login', { phone, code: code2 }), 'login');
    const me = expectOk(await b.get('/api/auth/me'), 'me');
    expect(me).toMatchObject({ kind: 'buyer', phone });
    expect((await b.post('/api/buyer/login', { phone, code: code2 })).status).toBe(401);
  });

  it('keeps staff out of areas of other roles', async () => {
    expect((await w.notary.get('/api/contracts')).status).toBe(403);
    expect((await w.seller.get('/api/notary/cases')).status).toBe(403);
    expect((await w.seller.get('/api/admin/organisations')).status).toBe(403);
    expect((await w.client().get('/api/contracts')).status).toBe(401);
  });

  it('lets the administrator disable a user, which ends their sessions, and reset a password', async () => {
    const org = (expectOk(await w.admin.get('/api/admin/organisations?kind=center'), 'orgs') as any[])[0];
    const u = expectOk(
      await w.admin.post('/api/admin/users', {
        orgId: org.id,
        username: 'clerk2',
        displayName: '备案二',
        password: 'Clerk2@2026demo',
      }),
      'user',
    );
    const clerk = await w.client().login('clerk2', 'Clerk2@2026demo');
    expectOk(await w.admin.request('PATCH', `/api/admin/users/${u.id}`, { disabled: true }), 'disable');
    expect((await clerk.get('/api/filings')).status).toBe(401);
    expect((await w.client().post('/api/auth/login', { username: 'clerk2', password: 'Clerk2@2026demo' })).status).toBe(
      401,
    );
    expectOk(
      await w.admin.request('PATCH', `/api/admin/users/${u.id}`, { disabled: false, password: 'NewPass@2026x' }),
      'enable',
    );
    expect((await w.client().post('/api/auth/login', { username: 'clerk2', password: 'Clerk2@2026demo' })).status).toBe(
      401,
    );
    await w.client().login('clerk2', 'NewPass@2026x');
  });

  it('lists the signing keys for the administrator, without any private key', async () => {
    await w.pushedContract();
    const keys = expectOk(await w.admin.get('/api/admin/keys'), 'keys') as any[];
    expect(keys.map((k) => k.use)).toEqual(expect.arrayContaining(['平台根证书', '时间戳服务', '电子签章']));
    expect(keys.find((k) => k.organisation?.name === '中山市翠湖置业有限公司')).toBeTruthy();
    expect(JSON.stringify(keys)).not.toMatch(/PRIVATE KEY|encryptedKey/);
    expect((await w.seller.get('/api/admin/keys')).status).toBe(403);
  });
});
