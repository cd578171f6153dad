import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, startTestServers } from '../testing/test-server';
import type { Server } from '../app';
import { hit, liftLock, refund, resetAfterSuccess, type ThrottlePolicy } from './throttle';

const MIN = 60_000;
const escalating: ThrottlePolicy = { free: 3, delayMs: MIN, lockAfter: 6, lockMs: 60 * MIN, windowMs: 24 * 60 * MIN };
const cap: ThrottlePolicy = { free: 4, delayMs: 0, lockAfter: 4, windowMs: 60 * MIN };
const at = (ms: number) => new Date(Date.UTC(2026, 10, 24, 2) + ms);

describe('throttle: one atomic count an attempt', () => {
  let server: Server & { dataDir: string };
  beforeAll(async () => {
    server = await startTestServer();
  }, 120_000);
  afterAll(() => server?.close());
  const db = () => server.ctx.db;

  it('lets the free attempts through, then makes each wait twice as long, then locks', async () => {
    const k = 'test:escalating';
    const seen: [boolean, number][] = [];
    let t = 0;
    for (let i = 0; i < 3; i++) seen.push([(await hit(db(), k, escalating, at(t))).allowed, 0]);
    // the 3rd attempt left a 1-minute wait: a 4th now is refused and not counted
    const early = await hit(db(), k, escalating, at(t));
    expect(early).toMatchObject({ allowed: false, count: 3, retryAfter: 60 });
    for (const wait of [1, 2, 4]) {
      t += wait * MIN;
      expect((await hit(db(), k, escalating, at(t - 1000))).allowed).toBe(false);
      const r = await hit(db(), k, escalating, at(t));
      expect(r.allowed).toBe(true);
      seen.push([r.allowed, (r.lockedUntil!.getTime() - at(t).getTime()) / MIN]);
    }
    // attempts 4 and 5 leave waits of 2 and 4 minutes; the 6th locks for the hour
    expect(seen.map((s) => s[1])).toEqual([0, 0, 0, 2, 4, 60]);
    expect((await hit(db(), k, escalating, at(t + 59 * MIN))).allowed).toBe(false);
    expect((await hit(db(), k, escalating, at(t + 60 * MIN))).allowed).toBe(true);
  });

  it('caps a window and starts again when it is over', async () => {
    const k = 'test:cap';
    for (let i = 0; i < 4; i++) expect((await hit(db(), k, cap, at(i * 1000))).allowed).toBe(true);
    const r = await hit(db(), k, cap, at(10 * MIN));
    expect(r).toMatchObject({ allowed: false, retryAfter: 50 * 60 });
    expect((await hit(db(), k, cap, at(60 * MIN))).count).toBe(1);
  });

  it('a success takes back itself and what came before it, not what came after; refunds; lifts', async () => {
    const k = 'test:reset';
    const first = await hit(db(), k, cap, at(0));
    const second = await hit(db(), k, cap, at(0));
    await resetAfterSuccess(db(), first, cap); // the second was counted after it: kept
    expect((await hit(db(), k, cap, at(0))).count).toBe(2);
    await refund(db(), k, cap);
    expect((await hit(db(), k, cap, at(0))).count).toBe(2);
    expect((await hit(db(), k, cap, at(0))).count).toBe(3);
    const fourth = await hit(db(), k, cap, at(0));
    expect(fourth.count).toBe(4);
    expect((await hit(db(), k, cap, at(0))).allowed).toBe(false);
    await liftLock(db(), k);
    expect(await hit(db(), k, cap, at(0))).toMatchObject({ allowed: true, count: 1 });
    expect(second.count).toBe(2);
  });

  it('failures before a success are forgiven; a lock they left is lifted with them', async () => {
    const k = 'test:forgiven';
    for (let i = 0; i < 3; i++) await hit(db(), k, escalating, at(i * MIN)); // the 3rd leaves a wait
    const right = await hit(db(), k, escalating, at(4 * MIN));
    expect(right).toMatchObject({ allowed: true, count: 4 });
    await resetAfterSuccess(db(), right, escalating);
    expect(await hit(db(), k, escalating, at(4 * MIN))).toMatchObject({ allowed: true, count: 1, lockedUntil: null });
  });

  it('two people signing in to one account over and over, overlapping, never lock it', async () => {
    // each success used to reset only a count nobody else had changed: overlapping successes kept
    // each other's attempt, the count climbed, and the account locked without a single failure
    const k = 'test:overlap';
    // leapfrog: each sign-in's success is recorded after the next one has been counted
    let pending = await hit(db(), k, escalating, at(0));
    const answers = [pending];
    for (let i = 0; i < 20; i++) {
      const next = await hit(db(), k, escalating, at(0));
      answers.push(next);
      await resetAfterSuccess(db(), pending, escalating);
      pending = next;
    }
    await resetAfterSuccess(db(), pending, escalating);
    expect(answers.filter((a) => !a.allowed)).toEqual([]);
    expect((await hit(db(), k, escalating, at(0))).count).toBe(1);
  });

  it('counts 60 concurrent attempts exactly: the free ones pass, the rest are refused', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, () => hit(db(), 'test:race', escalating, at(0))));
    expect(answers.filter((a) => a.allowed)).toHaveLength(3);
  });
});

describe.skipIf(!(process.env.NETSIGN_TEST_PG && process.env.DATABASE_URL))(
  'throttle across instances (PostgreSQL)',
  () => {
    it('shares one count between two servers on one database', async () => {
      const { servers, close } = await startTestServers(2);
      try {
        const answers = await Promise.all(
          Array.from({ length: 40 }, (_, i) => hit(servers[i % 2].ctx.db, 'test:instances', escalating, at(0))),
        );
        expect(answers.filter((a) => a.allowed)).toHaveLength(3);
        expect(new Set(answers.filter((a) => a.allowed).map((a) => a.count))).toEqual(new Set([1, 2, 3]));
      } finally {
        await close();
      }
    }, 180_000);
  },
);
