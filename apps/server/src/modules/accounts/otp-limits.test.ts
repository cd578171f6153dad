import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { DEMO_BUYERS } from '../../demo/demo-accounts';
import { expectOk } from '../../demo/walk/expect';

describe('buyer SMS codes: only to phones on a pushed contract, growing resend waits, daily caps', () => {
  let w: DemoWorld;
  const PUSHED = '13700000011';
  const PUSHED2 = '13700000012';
  beforeAll(async () => {
    w = await demoWorld();
    await w.pushedContract([{ ...DEMO_BUYERS[0], phone: PUSHED }]);
    await w.pushedContract([{ ...DEMO_BUYERS[0], phone: PUSHED2 }]);
  }, 180_000);
  afterAll(() => w?.close());

  const ask = async (phone: string, peer = '10.2.0.1') => {
    const r = await w.server.app.inject({
      method: 'POST',
      url: '/api/buyer/otp',
      payload: { phone },
      remoteAddress: peer,
    });
    return { status: r.statusCode, body: r.json() };
  };
  /** the sign-in codes texted to `phone` (a buyer also gets texts about their case) */
  const sms = async (phone: string) =>
    (expectOk(await w.client().get(`/api/dev/outbox?to=${phone}`), 'outbox') as { body: string }[]).filter((m) =>
      m.body.includes('验证码为'),
    );

  it('sends nothing to a phone that is on no pushed contract, yet answers it exactly the same', async () => {
    const drafted = '13700000013';
    await w.readyContract([{ ...DEMO_BUYERS[0], phone: drafted }]);
    const on = await ask(PUSHED);
    const off = await ask('13700000099');
    const notPushed = await ask(drafted);
    expect(on.status).toBe(200);
    expect(off).toEqual(on);
    expect(notPushed).toEqual(on);
    expect(await sms(PUSHED)).toHaveLength(1);
    expect(await sms('13700000099')).toHaveLength(0);
    expect(await sms(drafted)).toHaveLength(0);
    // and the resend wait is the same for both (give or take the second between the two asks)
    const [a, b] = [await ask('13700000099'), await ask(PUSHED)];
    expect(a.status).toBe(429);
    expect({ ...a, body: { ...a.body, message: '', retryAfter: 0 } }).toEqual({
      ...b,
      body: { ...b.body, message: '', retryAfter: 0 },
    });
    expect(Math.abs(a.body.retryAfter - b.body.retryAfter)).toBeLessThanOrEqual(2);
  });

  it('makes each resend wait twice as long, and caps a phone at ten codes a day', async () => {
    const waits: number[] = [];
    expect((await ask(PUSHED2)).status).toBe(200);
    for (let i = 2; i <= 10; i++) {
      const early = await ask(PUSHED2);
      expect(early.status).toBe(429);
      waits.push(early.body.retryAfter);
      await w.clock.advance(early.body.retryAfter * 1000);
      expect((await ask(PUSHED2)).status).toBe(200);
    }
    // each twice the one before (the test clock also runs in real time: a second or two less)
    const expected = [60, 120, 240, 480, 960, 1920, 3840, 7680, 15360];
    waits.forEach((wait, i) => expect(expected[i] - wait).toBeLessThan(15));
    waits.forEach((wait, i) => expect(expected[i] - wait).toBeGreaterThanOrEqual(0));
    expect(await sms(PUSHED2)).toHaveLength(10);
    const capped = await ask(PUSHED2);
    expect(capped.status).toBe(429);
    expect(capped.body.message).toMatch(/验证码已发送，请于 \d+ 小时后再试/);
    await w.clock.advance(capped.body.retryAfter * 1000);
    expect((await ask(PUSHED2)).status).toBe(200);
  });

  it('caps the codes one client address may ask for in a day', async () => {
    for (let i = 0; i < 100; i++)
      expect((await ask(`1360000${String(i).padStart(4, '0')}`, '10.2.1.1')).status).toBe(200);
    const r = await ask('13600009999', '10.2.1.1');
    expect(r.status).toBe(429);
    expect(r.body.message).toMatch(/获取验证码次数过多/);
    expect((await ask('13600009999', '10.2.1.2')).status).toBe(200);
  });

  it('caps wrong codes from one client address', async () => {
    for (let i = 0; i < 50; i++) {
      const r = await w.server.app.inject({
        method: 'POST',
        url: '/api/buyer/login',
        payload: { phone: `1350000${String(i).padStart(4, '0')}`, code: '123456' },
        remoteAddress: '10.2.2.1',
      });
      expect(r.statusCode).toBe(401);
    }
    const r = await w.server.app.inject({
      method: 'POST',
      url: '/api/buyer/login',
      payload: { phone: '13500009999', code: '123456' },
      remoteAddress: '10.2.2.1',
    });
    expect(r.statusCode).toBe(429);
  });
});
