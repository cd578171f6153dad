import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { startTestServers } from './testing/test-server';
import { ApiClient } from './testing/http-client';
import { seedDemoData } from './demo/seed-demo-data';
import { DEMO_ACCOUNTS, DEMO_BUYERS } from './demo/demo-accounts';
import { availableUnits, prepareContract } from './demo/walk/seller-steps';
import { expectOk, eventually } from './demo/walk/expect';
import type { Server } from './app';
import { orgChannel } from './modules/notifications/live-hub';

const pw = (u: string) => DEMO_ACCOUNTS.find((a) => a.username === u)!.password;

/** An open GET /api/live over real HTTP, collecting the `change` events it receives. */
async function liveStream(baseUrl: string, cookie: string) {
  const res = await fetch(`${baseUrl}/api/live`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`live stream: HTTP ${res.status}`);
  const events: any[] = [];
  let text = '';
  let ended = false;
  const reader = res.body!.getReader();
  const reading = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
        for (let i = text.indexOf('\n\n'); i >= 0; i = text.indexOf('\n\n')) {
          const block = text.slice(0, i);
          text = text.slice(i + 2);
          if (block.startsWith('event: change\n')) events.push(JSON.parse(block.split('\ndata: ')[1]));
        }
      }
    } catch {
      // the connection was cut: counts as ended
    }
    ended = true;
  })();
  return {
    events,
    get ended() {
      return ended;
    },
    close: () =>
      reader
        .cancel()
        .catch(() => {})
        .then(() => reading),
  };
}

async function listen(s: Server) {
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
}

// Several instances behind a load balancer share one PostgreSQL database; PGlite is one process,
// so these run on the PostgreSQL pass only (NETSIGN_TEST_PG=1).
describe.runIf(process.env.NETSIGN_TEST_PG && process.env.DATABASE_URL)(
  'two instances on one PostgreSQL database (PostgreSQL only)',
  () => {
    let cluster: Awaited<ReturnType<typeof startTestServers>>;
    let a: Server;
    let b: Server;
    let urlA: string;
    let urlB: string;
    let units: any[];

    beforeAll(async () => {
      // both start at once on an empty database: they race to migrate it
      cluster = await startTestServers(2);
      [a, b] = cluster.servers;
      await seedDemoData(a.ctx);
      urlA = await listen(a);
      urlB = await listen(b);
      units = await availableUnits(await new ApiClient(a.app).login('seller', pw('seller')), 40);
    }, 120_000);
    afterAll(async () => cluster?.close());

    it('both instances started on the empty database and are ready', async () => {
      for (const url of [urlA, urlB]) {
        const r = await fetch(`${url}/readyz`);
        expect(r.status).toBe(200);
        expect((await r.json()).checks).toEqual({ database: 'ok', migrations: 'ok', blobs: 'ok' });
      }
    });

    it('a notary watching either instance hears of a case pushed through the other', async () => {
      const sellerA = await new ApiClient(a.app).login('seller', pw('seller'));
      const notaryA = await new ApiClient(urlA).login('notary', pw('notary'));
      const notaryB = await new ApiClient(urlB).login('notary', pw('notary'));
      const onA = await liveStream(urlA, notaryA.cookie);
      const onB = await liveStream(urlB, notaryB.cookie);
      try {
        const c = await prepareContract(sellerA, {
          unit: units.pop(),
          buyers: [{ ...DEMO_BUYERS[0] }],
          password: 'Hetong2026',
          today: new Date(),
        });
        const offices = expectOk(
          await sellerA.get(`/api/notary-offices?city=${encodeURIComponent('中山市')}`),
          '公证处',
        );
        expectOk(
          await sellerA.post(`/api/contracts/${c.id}/push`, {
            notaryOfficeId: offices.find((o: any) => o.name.includes('中山公证处')).id,
          }),
          '推送',
        );
        // one instance's worker handles the event; both instances' clients must hear it
        const isNewCase = (e: any) => e.entity === 'case' && String(e.title).includes(c.businessNo);
        await eventually('instance A relays the new case', async () => onA.events.some(isNewCase), 30_000);
        await eventually('instance B relays the new case', async () => onB.events.some(isNewCase), 30_000);
      } finally {
        await onA.close();
        await onB.close();
      }
    }, 120_000);

    it('keeps relaying after the database dropped the listening connections (they reconnect)', async () => {
      const notaryA = await new ApiClient(urlA).login('notary', pw('notary'));
      const notaryB = await new ApiClient(urlB).login('notary', pw('notary'));
      const me = expectOk(await notaryA.get('/api/auth/me'), 'me');
      const onA = await liveStream(urlA, notaryA.cookie);
      const onB = await liveStream(urlB, notaryB.cookie);
      try {
        const { rows } = await a.ctx.database.sql.executeSql(
          `select pg_terminate_backend(pid) as killed from pg_stat_activity where datname = current_database() and query like 'listen %'`,
          [],
        );
        expect(rows.length).toBe(2);
        // each instance tells its open pages to re-read what they show: events were missed meanwhile
        await eventually(
          'a resync on both streams',
          async () => onA.events.some((e) => e.entity === 'resync') && onB.events.some((e) => e.entity === 'resync'),
          30_000,
        );
        // published again until heard: events sent while an instance reconnects are lost by design
        let n = 0;
        await eventually(
          'both instances listen again',
          async () => {
            await a.ctx.live.publish(orgChannel(me.orgId), { entity: 'case', id: `ping-${++n}` });
            await new Promise((r) => setTimeout(r, 200));
            return onA.events.some((e) => e.id.startsWith('ping-')) && onB.events.some((e) => e.id.startsWith('ping-'));
          },
          30_000,
        );
      } finally {
        await onA.close();
        await onB.close();
      }
    }, 60_000);

    it('the same Idempotency-Key sent to both instances at once creates one contract', async () => {
      const sellerA = await new ApiClient(a.app).login('seller', pw('seller'));
      const sellerB = new ApiClient(b.app);
      sellerB.cookie = sellerA.cookie; // one browser session, its requests spread over both instances
      sellerB.csrf = sellerA.csrf;
      for (let attempt = 0; attempt < 5; attempt++) {
        const unit = units.pop();
        const headers = { 'idempotency-key': `create-${unit.id}` };
        const replies = await Promise.all(
          [sellerA, sellerB, sellerA, sellerB].map((s) => s.post('/api/contracts', { unitId: unit.id }, headers)),
        );
        const created = replies.filter((r) => r.status === 201);
        // every caller gets the one contract (the first answer or its replay), or is told to retry
        for (const r of replies) expect([201, 409]).toContain(r.status);
        for (const r of replies.filter((x) => x.status === 409)) expect(r.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
        expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
        const mine = expectOk(await sellerA.get(`/api/contracts?q=${created[0].body.businessNo}`), 'list');
        expect(mine.total).toBe(1);
        const { rows } = await a.ctx.database.sql.executeSql(
          `select count(*)::int as n from contracts where unit_id = $1`,
          [unit.id],
        );
        expect(rows[0].n).toBe(1);
      }
    }, 120_000);
  },
);
