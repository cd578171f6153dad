import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { startTestServer } from '../../testing/test-server';
import { loadConfig } from '../../platform/config';
import { expectOk, eventually } from '../../demo/walk/expect';

describe('notifications: live updates, in-app messages, the local SMS outbox', () => {
  let w: DemoWorld;
  let url: string;
  beforeAll(async () => {
    w = await demoWorld();
    await w.server.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(w.server.app.server.address() as any).port}`;
  }, 120_000);
  afterAll(() => w?.close());

  /** Opens the notary office's live stream as its console page would, and collects events. */
  async function openStream(cookieOf: (typeof w)['notary']) {
    const cookie = cookieOf.cookie;
    const ac = new AbortController();
    const res = await fetch(`${url}/api/live`, { headers: { cookie }, signal: ac.signal });
    const events: any[] = [];
    (async () => {
      const reader = res.body!.getReader();
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += new TextDecoder().decode(value);
          for (const m of buf.matchAll(/event: change\ndata: (.*)\n\n/g)) events.push(JSON.parse(m[1]));
          buf = buf.slice(buf.lastIndexOf('\n\n') + 2);
        }
      } catch {
        /* aborted */
      }
    })();
    return { events, close: () => ac.abort(), status: res.status };
  }

  it('pushes a new case to the notary office’s open list, and not to another office', async () => {
    const mine = await openStream(w.notary);
    const other = await openStream(w.notary2);
    expect(mine.status).toBe(200);
    const c = await w.pushedContract();
    const got = await eventually('live event', async () => mine.events.find((e) => e.entity === 'case'));
    expect(got.status).toBe('待签署');
    expect(got.title).toContain(c.businessNo);
    expect(other.events.filter((e) => e.entity === 'case')).toEqual([]);
    mine.close();
    other.close();
  });

  it('tells the buyers by SMS and in the app when their case is received', async () => {
    const c = await w.pushedContract();
    const sms = await eventually('sms', async () => {
      const rows = expectOk(await w.client().get('/api/dev/outbox?to=13800000001'), 'outbox');
      return rows.find((m: any) => m.body.includes(c.businessNo));
    });
    expect(sms.channel).toBe('sms');
    const page = await w.client().get('/dev/outbox');
    expect(page.raw.toString()).toContain(c.businessNo);
    const msgs = expectOk(await w.notary.get('/api/messages'), 'messages');
    expect(msgs.some((m: any) => m.title.includes(c.businessNo))).toBe(true);
  });

  it('serves the outbox (it shows sign-in codes) only when DEV_OUTBOX turns it on, and never in production', async () => {
    // the test servers turn it on explicitly; by default (development included) it is off
    expect(loadConfig({}).DEV_OUTBOX).toBe(false);
    const plain = await startTestServer({ env: { DEV_OUTBOX: 'false', NODE_ENV: 'development' } });
    try {
      expect((await plain.app.inject({ url: '/api/dev/outbox' })).statusCode).toBe(404);
      expect((await plain.app.inject({ url: '/dev/outbox' })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_OUTBOX: 'true' })).toThrow(/DEV_OUTBOX/);
  });
});
