import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorld, type DemoWorld } from '../../testing/world';

describe('staff login: failures limited per user name and per client address, in the database', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await demoWorld();
  }, 300_000);
  afterAll(() => w?.close());

  const login = async (username: string, password: string, peer = '10.1.0.1') => {
    const r = await w.server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: peer,
    });
    return { status: r.statusCode, body: r.json() };
  };
  // the test clock also runs in real time: a wait may be a second shorter by the time it is told
  const rounded = (r: { status: number; body: any }) => ({
    ...r,
    body: { ...r.body, retryAfter: r.body.retryAfter && Math.ceil(r.body.retryAfter / 10) * 10 },
  });

  it('answers an unknown user exactly as a known one, wrong password and lockout alike', async () => {
    const known: unknown[] = [];
    const ghost: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(rounded(await login('notary2', `Wrong${i}-2026x`, `10.1.1.${i}`)));
      ghost.push(rounded(await login('no-such-user', `Wrong${i}-2026x`, `10.1.2.${i}`)));
    }
    expect(ghost).toEqual(known);
    expect(known.slice(0, 5).map((r: any) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(known[5]).toMatchObject({ status: 429, body: { code: 'too_many_attempts', retryAfter: 60 } });
  });

  it('counts concurrent wrong passwords for one account before answering, then refuses the right one until the wait is over', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login('center', `Wrong${i}-2026x`, `10.1.3.${i}`)),
    );
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(15);
    const right = await login('center', 'Center@2026demo', '10.1.3.99');
    expect(right.status).toBe(429);
    expect(right.body.message).toMatch(/该账号登录失败次数过多，请于 1 分钟后再试/);
    await w.clock.advance(61_000);
    expect((await login('center', 'Center@2026demo', '10.1.3.99')).status).toBe(200);
    // a success starts the account's count again
    for (let i = 0; i < 4; i++) expect((await login('center', `Again${i}-2026x`, '10.1.3.98')).status).toBe(401);
  });

  it('limits wrong passwords from one address across user names; other addresses and successes are not held against it', async () => {
    for (let i = 0; i < 30; i++) expect((await login(`user${i}`, 'Wrong-2026x', '10.1.4.1')).status).toBe(401);
    const blocked = await login('seller', 'Seller@2026demo', '10.1.4.1');
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toMatch(/登录失败次数过多/);
    expect((await login('seller', 'Seller@2026demo', '10.1.4.2')).status).toBe(200);
    // an office sharing one address: successes do not count towards its limit
    for (let i = 0; i < 32; i++) expect((await login('seller', 'Seller@2026demo', '10.1.4.3')).status).toBe(200);
  });
});
