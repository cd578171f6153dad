import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Browser } from 'playwright-core';
import { SHIPPED_CALENDAR_YEARS } from '@netsign/domain';
import { availableUnits, prepareContract } from '../../apps/server/src/demo/walk/seller-steps';
import { expectOk, eventually } from '../../apps/server/src/demo/walk/expect';
import { DEMO_BUYERS, startWorld, type World } from './support/world';
import { launchBrowser, screenshot, screenshotOnFailure, signIn } from './support/browser';

/** Made-up test data in the file format (not the real 2027 notice). */
const TEST_2027 = {
  year: 2027,
  source: { title: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）', issuedAt: '2026-11-20' },
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-05', to: '2027-02-11' },
  ],
  workdays: [{ date: '2027-01-30', name: '春节' }],
};

/**
 * A server of its own on 11 Dec 2026 with a case received that day: loading a year's arrangement
 * changes the whole server, so each test has one (closed when the test ends) and runs in any order.
 */
async function caseReceivedOn11December() {
  const world = await startWorld();
  onTestFinished(() => world.close());
  await world.clock.advance(Date.parse('2026-12-11T02:00:00Z') - world.clock.now().getTime());
  const seller = await world.login('seller');
  const [unit] = await availableUnits(seller, 1);
  const c = await prepareContract(seller, {
    unit,
    buyers: [{ ...DEMO_BUYERS[0] }],
    password: 'Hetong2026',
    today: world.clock.now(),
  });
  const offices = expectOk(await seller.get(`/api/notary-offices?city=${encodeURIComponent('中山市')}`), '公证处');
  expectOk(
    await seller.post(`/api/contracts/${c.id}/push`, {
      notaryOfficeId: offices.find((o: any) => o.name.includes('中山公证处')).id,
    }),
    '推送',
  );
  const notary = await world.login('notary');
  const caseId = await eventually(
    '案件',
    async () => expectOk(await notary.get(`/api/notary/cases?q=${c.businessNo}`), 'cases').items[0]?.id,
  );
  return { world, casePage: `${world.url}/console/notary/cases/${caseId}` };
}

// A case received on 11 Dec 2026 whose deadline reaches into 2027 before its arrangement is
// loaded: the notary sees the estimate flagged; the administrator loads the year in 管理.
describe.skipIf(SHIPPED_CALENDAR_YEARS.some((y) => y.year === 2027))(
  '节假日安排: an estimated year on the case page, loaded in 管理',
  () => {
    let browser: Browser;
    const dir = mkdtempSync(join(tmpdir(), 'netsign-calendar-'));

    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterEach((ctx) => screenshotOnFailure(ctx));
    afterAll(async () => {
      await browser?.close();
    });
    /** Signed in on this test's server; its pages close before the server does. */
    const signInTo = async (world: World, username: string) => {
      const page = await signIn(browser, world, username);
      onTestFinished(() => page.context().close());
      return page;
    };

    it('案件页面 warns beside 出证期限 that 2027 is estimated', async () => {
      const { world, casePage } = await caseReceivedOn11December();
      const notary = await signInTo(world, 'notary');
      await notary.goto(casePage);
      await expect(notary.getByTestId('deadline-provisional').textContent()).resolves.toContain(
        '2027年节假日安排尚未发布，截止日期按法定节假日暂估',
      );
      await notary.getByText(/2027-01-04（已用/).waitFor(); // the last day, not the instant after it
      await screenshot(notary, 'notary-case-provisional-deadline');
    }, 180_000);

    it('管理 › 节假日安排: a bad file lists its fields; the notice loads and the warning goes', async () => {
      const { world, casePage } = await caseReceivedOn11December();
      const notary = await signInTo(world, 'notary');
      await notary.goto(casePage);
      await notary.getByTestId('deadline-provisional').waitFor(); // before: estimated, as the test above shows
      const admin = await signInTo(world, 'admin');
      await admin.getByRole('link', { name: '节假日安排' }).click();
      await admin.getByRole('row', { name: /2027.*按法定节假日暂估/ }).waitFor();
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ ...TEST_2027, workdays: [{ date: '2027-01-06', name: '元旦' }] }));
      await admin.getByTestId('calendar-file').setInputFiles(bad);
      await expect(admin.getByTestId('calendar-errors').textContent()).resolves.toContain('workdays.0.date');
      const good = join(dir, '2027.json');
      writeFileSync(good, JSON.stringify(TEST_2027));
      await admin.getByTestId('calendar-file').setInputFiles(good);
      await admin.getByRole('row', { name: /2027.*管理员导入.*（测试数据）/ }).waitFor();
      await screenshot(admin, 'admin-calendar');

      await notary.reload();
      await notary.getByText('出证期限').waitFor();
      await notary.getByText(/2027-01-04（已用/).waitFor(); // the last day, not the instant after it
      expect(await notary.getByTestId('deadline-provisional').count()).toBe(0);
    }, 180_000);
  },
);
