import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarYearUnknownError, SHIPPED_CALENDAR_YEARS, endOfShanghaiDay, notaryDeadline } from '@netsign/domain';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { DEMO_ACCOUNTS } from '../../demo/demo-accounts';
import { expectOk } from '../../demo/walk/expect';
import { WorkCalendars } from './work-calendar';

const pw = (u: string) => DEMO_ACCOUNTS.find((a) => a.username === u)!.password;
const shipped2027 = SHIPPED_CALENDAR_YEARS.some((y) => y.year === 2027);

/** Made-up test data in the file format (not the real 2027 notice): 元旦 over four days, 1–4 Jan. */
const TEST_2027 = {
  year: 2027,
  source: {
    title: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
    issuedAt: '2026-11-20',
    publisher: '测试',
  },
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-04' },
    { name: '春节', from: '2027-02-05', to: '2027-02-11' },
  ],
  workdays: [{ date: '2027-01-30', name: '春节' }],
};

/** A demo world on Fri 11 Dec 2026, 10:00 in Shanghai: the 15 working days of a case reach into 2027. */
async function worldOn11Dec2026() {
  const w = await demoWorld();
  await w.clock.advance(Date.parse('2026-12-11T02:00:00Z') - w.clock.now().getTime());
  for (const u of ['seller', 'notary', 'admin'] as const) await w[u].login(u, pw(u));
  return w;
}

const caseOf = async (w: DemoWorld, businessNo: string) => {
  for (let i = 0; i < 100; i++) {
    const items = expectOk(await w.notary.get(`/api/notary/cases?q=${businessNo}`), 'cases').items;
    if (items.length) return expectOk(await w.notary.get(`/api/notary/cases/${items[0].id}`), 'case');
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no case for ${businessNo}`);
};

// A loaded year cannot be unloaded: the load has a world of its own, the other tests share one without it.
describe('working-day calendar: an administrator loads next year', () => {
  describe('before 2027 is loaded', () => {
    let w: DemoWorld;
    beforeAll(async () => {
      w = await worldOn11Dec2026();
    }, 300_000);
    afterAll(() => w?.close());

    it('counts a case received on 11 Dec 2026 past New Year’s Day, and says when 2027 is estimated', async () => {
      const c = await w.pushedContract();
      const k = await caseOf(w, c.businessNo);
      expect(k.deadline).toBe(endOfShanghaiDay(shipped2027 ? k.deadline.slice(0, 10) : '2027-01-04').toISOString());
      expect(k.deadlineProvisional).toBe(!shipped2027);
      expect(k.deadlineProvisionalYears).toEqual(shipped2027 ? [] : [2027]);
      const inbox = expectOk(await w.notary.get('/api/notary/cases'), 'inbox').items.find((r: any) => r.id === k.id);
      expect(inbox.deadlineProvisional).toBe(!shipped2027);
    });

    it('lets only an administrator load a year (401 / 403)', async () => {
      expect((await w.client().request('PUT', '/api/admin/calendar/2027', TEST_2027)).status).toBe(401);
      expect((await w.notary.request('PUT', '/api/admin/calendar/2027', TEST_2027)).status).toBe(403);
      expect((await w.seller.get('/api/admin/calendar')).status).toBe(403);
    });

    it('refuses a bad file with 400 naming the field, and changes nothing', async () => {
      const weekdayWorked = await w.admin.request('PUT', '/api/admin/calendar/2027', {
        ...TEST_2027,
        workdays: [{ date: '2027-01-06', name: '元旦' }],
      });
      expect(weekdayWorked.status).toBe(400);
      expect(weekdayWorked.body.violations).toEqual([
        expect.objectContaining({ field: 'workdays.0.date', message: expect.stringContaining('周六或周日') }),
      ]);
      const missing = await w.admin.request('PUT', '/api/admin/calendar/2027', {
        ...TEST_2027,
        source: { issuedAt: '2026-11-20' },
      });
      expect(missing.status).toBe(400);
      expect(missing.body.violations.map((v: any) => [v.field, v.code])).toEqual([['source.title', 'REQUIRED']]);
      const wrongYear = await w.admin.request('PUT', '/api/admin/calendar/2028', TEST_2027);
      expect([wrongYear.status, wrongYear.body.violations?.[0]?.field]).toEqual([400, 'year']);
      const estimate = await w.admin.request('PUT', '/api/admin/calendar/2027', { ...TEST_2027, provisional: true });
      expect([estimate.status, estimate.body.violations?.[0]?.field]).toEqual([400, 'provisional']);
      const badPath = await w.admin.request('PUT', '/api/admin/calendar/20x7', TEST_2027);
      expect([badPath.status, badPath.body.violations?.[0]?.field]).toEqual([400, 'year']);
      const list = expectOk(await w.admin.get('/api/admin/calendar'), 'calendar');
      expect(list.years.find((y: any) => y.year === 2027)?.origin).toBe(shipped2027 ? 'shipped' : 'estimated');
    });

    it('refuses to count into a year it neither has nor may estimate', async () => {
      const cal = await w.server.ctx.calendar.current(w.server.ctx.db);
      expect(() => notaryDeadline('2027-12-20', cal)).toThrow(CalendarYearUnknownError); // 2028: after next year
      expect((await w.admin.get('/api/admin/calendar/2028')).status).toBe(404);
    });
  });

  describe('loading 2027', () => {
    let w: DemoWorld;
    beforeAll(async () => {
      w = await worldOn11Dec2026();
    }, 300_000);
    afterAll(() => w?.close());

    it('loads 2027: new and open cases are counted with it on every instance, audited', async () => {
      // another instance of the server, on the same database, with its own cached calendar
      const other = new WorkCalendars(w.clock, w.server.ctx.log);
      await other.current(w.server.ctx.db);
      // the one open case, received before the load
      const firstCase = (await caseOf(w, (await w.pushedContract()).businessNo)).id;

      const r = expectOk(await w.admin.request('PUT', '/api/admin/calendar/2027', TEST_2027), 'load');
      expect(r).toMatchObject({ year: 2027, casesRecomputed: 1 });

      const c = await w.pushedContract();
      const k = await caseOf(w, c.businessNo);
      expect(k.deadline).toBe(endOfShanghaiDay('2027-01-05').toISOString()); // 4 Jan is now a holiday
      expect(k.deadlineProvisional).toBe(false);

      // the case received before the load was counted again, on its timeline
      const first = expectOk(await w.notary.get(`/api/notary/cases/${firstCase}`), 'first case');
      expect(first.deadline).toBe(endOfShanghaiDay('2027-01-05').toISOString());
      expect(first.deadlineProvisional).toBe(false);
      expect(first.timeline.find((e: any) => e.action === 'case.deadline-recomputed')?.data).toMatchObject({
        calendarYear: 2027,
        to: endOfShanghaiDay('2027-01-05').toISOString(),
      });

      // the other instance notices the new version on its next use
      const seen = await other.current(w.server.ctx.db);
      expect(seen.provisionalYears.has(2027)).toBe(false);
      // Fri 29 Jan: 30 Jan worked (1), 1–4 Feb (5), 5–11 Feb off, 12 Feb (6), 15–19 Feb (11), 22–25 Feb (15)
      expect(notaryDeadline('2027-01-29', seen).date).toBe('2027-02-25');

      const list = expectOk(await w.admin.get('/api/admin/calendar'), 'calendar');
      expect(list.years.find((y: any) => y.year === 2027)).toMatchObject({
        origin: 'loaded',
        provisional: false,
        loadedBy: expect.any(String),
      });
      expect(list.years.find((y: any) => y.year === 2026)).toMatchObject({ origin: 'shipped' });
      expect(list.provisionalNow).toEqual([]);
      expect(expectOk(await w.admin.get('/api/admin/calendar/2027'), 'file').source.title).toBe(TEST_2027.source.title);
    });
  });
});
