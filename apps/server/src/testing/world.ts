import { z } from 'zod';
import { ZContractQr, ZNotaryOffice } from '@netsign/api';
import { startTestServer } from './test-server';
import { ApiClient } from './http-client';
import { TestClock } from './test-clock';
import { seedDemoData } from '../demo/seed-demo-data';
import { DEMO_ACCOUNTS, DEMO_BUYERS } from '../demo/demo-accounts';
import { availableUnits, prepareContract, type BuyerInput } from '../demo/walk/seller-steps';
import { expectOk, eventually } from '../demo/walk/expect';

const pw = (u: string) => DEMO_ACCOUNTS.find((a) => a.username === u)!.password;

/** A server on a fresh database with the demo data and a signed-in client per staff role. */
export async function demoWorld(opts: { env?: Record<string, string> } = {}) {
  const clock = new TestClock();
  const server = await startTestServer({ clock, env: opts.env });
  await seedDemoData(server.ctx);
  const client = () => new ApiClient(server.app);
  const [seller, notary, notary2, center, admin] = await Promise.all(
    ['seller', 'notary', 'notary2', 'center', 'admin'].map((u) => client().login(u, pw(u))),
  );
  let unitCursor = 0;
  const units = await availableUnits(seller, 60);
  const nextUnit = () => units[unitCursor++];

  /** A contract ready to push: submitted, password set, every required material uploaded. */
  async function readyContract(buyers: BuyerInput[] = [DEMO_BUYERS[0]], password = 'Hetong2026') {
    return prepareContract(seller, {
      unit: nextUnit(),
      buyers: buyers.map((b) => ({ ...b })),
      password,
      today: clock.now(),
    });
  }

  /** A contract pushed to 中山公证处, with the QR link's token once the office answered. */
  async function pushedContract(buyers: BuyerInput[] = [DEMO_BUYERS[0]]) {
    const c = await readyContract(buyers);
    const offices = expectOk(
      await seller.get(`/api/notary-offices?city=${encodeURIComponent('中山市')}`),
      '公证处',
      z.array(ZNotaryOffice),
    );
    const office = offices.find((o) => o.name.includes('中山公证处'));
    if (!office) throw new Error('没有中山公证处');
    expectOk(await seller.post(`/api/contracts/${c.id}/push`, { notaryOfficeId: office.id }), '推送');
    const qr = await eventually('二维码', async () => {
      const r = await seller.get(`/api/contracts/${c.id}/qr`);
      return r.status === 200 ? expectOk(r, '二维码', ZContractQr) : null;
    });
    return { ...c, token: qr.link.split('/').at(-1)!, qrLink: qr.link };
  }

  return {
    server,
    clock,
    client,
    seller,
    notary,
    notary2,
    center,
    admin,
    nextUnit,
    readyContract,
    pushedContract,
    close: () => server.close(),
  };
}
export type DemoWorld = Awaited<ReturnType<typeof demoWorld>>;
