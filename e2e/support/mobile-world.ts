// A netsign server on a real port for the buyer's app: fresh in-memory database, demo data, the
// built app at /m/, and the other parties (seller, notary) driven through the API.
import { startTestServer } from '../../apps/server/src/testing/test-server';
import { ApiClient } from '../../apps/server/src/testing/http-client';
import { TestClock } from '../../apps/server/src/testing/test-clock';
import { seedDemoData } from '../../apps/server/src/demo/seed-demo-data';
import { DEMO_ACCOUNTS, DEMO_BUYERS } from '../../apps/server/src/demo/demo-accounts';
import { availableUnits, prepareContract, type BuyerInput } from '../../apps/server/src/demo/walk/seller-steps';
import { expectOk, eventually } from '../../apps/server/src/demo/walk/expect';
import { ensureMobileBuilt } from './mobile-build';

export { DEMO_BUYERS, expectOk, eventually };
export const password = (u: string) => DEMO_ACCOUNTS.find((a) => a.username === u)!.password;

export interface MobileWorld {
  url: string;
  api(): ApiClient;
  login(username: string): Promise<ApiClient>;
  /** a contract with these buyers pushed to 中山公证处; its QR link and token */
  pushedContract(
    buyers: readonly BuyerInput[],
  ): Promise<{ id: string; businessNo: string; qrLink: string; qrSvg: string; token: string }>;
  /** real time plus an offset; moving it on lets a phone ask for a new SMS code within the minute */
  clock: TestClock;
  /** how many messages the local SMS outbox holds for `phone` */
  smsCount(phone: string): Promise<number>;
  /** the one-time code of the first message to `phone` after the first `before` ones */
  smsCode(phone: string, before: number): Promise<string>;
  close(): Promise<void>;
}

export async function startMobileWorld(env: Record<string, string> = {}): Promise<MobileWorld> {
  await ensureMobileBuilt();
  // real time (the evidence video is checked against when its text was issued), movable forward
  const clock = new TestClock();
  const server = await startTestServer({ clock, env: { FACE_CHALLENGES: 'turn-left', ...env } });
  await seedDemoData(server.ctx);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(server.app.server.address() as { port: number }).port}`;
  server.ctx.config.publicUrl = url;
  const api = () => new ApiClient(url);
  const login = (u: string) => api().login(u, password(u));
  const seller = await login('seller');
  let units: any[] = [];

  return {
    url,
    api,
    login,
    clock,
    async pushedContract(buyers) {
      if (!units.length) units = await availableUnits(seller, 10);
      const c = await prepareContract(seller, {
        unit: units.shift(),
        buyers: buyers.map((b) => ({ ...b })),
        password: 'Hetong2026',
        today: new Date(),
      });
      const offices = expectOk(await seller.get(`/api/notary-offices?city=${encodeURIComponent('中山市')}`), '公证处');
      const office = offices.find((o: any) => o.name.includes('中山公证处')) ?? offices[0];
      expectOk(
        await seller.post(`/api/contracts/${c.id}/push`, { notaryOfficeId: office.id }),
        '生成电子合同并推送公证处',
      );
      const qr = await eventually('公证处返回二维码', async () => {
        const r = await seller.get(`/api/contracts/${c.id}/qr`);
        return r.status === 200 ? r.body : null;
      });
      return { ...c, qrLink: qr.link as string, qrSvg: qr.svg as string, token: String(qr.link).split('/').at(-1)! };
    },
    async smsCount(phone) {
      return expectOk(await api().get(`/api/dev/outbox?to=${encodeURIComponent(phone)}`), '短信发件箱').length;
    },
    async smsCode(phone, before) {
      return eventually(
        `发给 ${phone} 的验证码`,
        async () => {
          const box = expectOk(await api().get(`/api/dev/outbox?to=${encodeURIComponent(phone)}`), '短信发件箱');
          return box.length > before && /验证码为 (\d{6})/.exec(box[0]?.body ?? '')?.[1];
        },
        10_000,
      );
    },
    close: () => server.close(),
  };
}
