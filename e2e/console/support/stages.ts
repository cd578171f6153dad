// Contracts brought to a stage of the manual through the API (the server's own walk helpers), so
// that a browser test does only the step it is named for and needs no earlier test. Each call
// makes a new contract on a unit of 2栋: the browser tests pick theirs on 1栋, the grid's first tab.
import { contractTerms, prepareContract, type BuyerInput } from '../../../apps/server/src/demo/walk/seller-steps';
import { expectOk, eventually } from '../../../apps/server/src/demo/walk/expect';
import { mainlandBuyerSigns, nonMainlandBuyerSigns, SMITH } from './buyers';
import type { World } from './world';

/** One promise for an expensive set-up that several tests read: made by whichever asks first. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

export interface Stage {
  /** default [SMITH]: the non-mainland walk has no face check, the quickest to sign */
  buyers?: readonly BuyerInput[];
  password?: string;
  /**
   * default 香山公证处: a file's 中山公证处 issues its 公证书 in the browser and asserts its number
   * (第1号), so set-ups notarize elsewhere unless a test opens the case as 中山's notary
   */
  office?: '中山公证处' | '香山公证处';
}

const NOTARY = { 中山公证处: 'notary', 香山公证处: 'notary2' } as const;
let phones = 0;

export function stages(world: World) {
  const seller = once(() => world.login('seller'));
  const unitsOf2 = once(async () => {
    const api = await seller();
    const [project] = expectOk(await api.get('/api/projects'), '项目');
    const detail = expectOk(await api.get(`/api/projects/${project.id}`), '项目');
    const building = detail.buildings.find((b: any) => b.name === '2栋');
    return expectOk(
      await api.get(`/api/projects/${project.id}/units?buildingId=${building.id}&status=可售&pageSize=60`),
      '楼盘表',
    ).items as any[];
  });
  let cursor = 0;
  const nextUnit = async () => {
    const units = await unitsOf2();
    if (cursor >= units.length) throw new Error('2栋 has no unit for sale left');
    return units[cursor++];
  };
  // every contract's buyers have phones of their own: the SMS limit (one code a minute per phone,
  // then 2, 4 … minutes) never makes one test wait for another's walk
  const withOwnPhones = (buyers: readonly BuyerInput[]) =>
    buyers.map((b) => ({ ...b, phone: `${b.phone.slice(0, -4)}${1000 + ++phones}` }));

  /** 签订 → 提交 → 设置合同密码: 待上传材料, no 收件材料 yet. */
  async function submitted(o: Stage = {}) {
    const api = await seller();
    const unit = await nextUnit();
    const password = o.password ?? 'Hetong2026';
    const c = expectOk(
      await api.post('/api/contracts', {
        unitId: unit.id,
        terms: contractTerms(unit, withOwnPhones(o.buyers ?? [SMITH]), world.clock.now()),
      }),
      '新建合同',
    );
    expectOk(await api.post(`/api/contracts/${c.id}/submit`), '提交');
    expectOk(await api.post(`/api/contracts/${c.id}/password`, { password, confirm: password }), '设置合同密码');
    return { id: c.id as string, businessNo: c.businessNo as string, unit, password };
  }

  /** …and every required 收件材料: ready to push (or to print). */
  async function ready(o: Stage = {}) {
    const password = o.password ?? 'Hetong2026';
    const buyers = withOwnPhones(o.buyers ?? [SMITH]);
    const c = await prepareContract(await seller(), {
      unit: await nextUnit(),
      buyers,
      password,
      today: world.clock.now(),
    });
    return { ...c, buyers, password };
  }

  /** …pushed to the notary office, with the QR link once the office answered. */
  async function pushed(o: Stage = {}) {
    const api = await seller();
    const c = await ready(o);
    const office = o.office ?? '香山公证处';
    const offices = expectOk(await api.get(`/api/notary-offices?city=${encodeURIComponent('中山市')}`), '公证处');
    expectOk(
      await api.post(`/api/contracts/${c.id}/push`, {
        notaryOfficeId: offices.find((x: any) => x.name.includes(office)).id,
      }),
      '推送',
    );
    const qrLink = await eventually('二维码', async () => {
      const r = await api.get(`/api/contracts/${c.id}/qr`);
      return r.status === 200 ? (r.body.link as string) : null;
    });
    return { ...c, office, qrLink };
  }

  /** …every buyer has walked (manual 4.1 / 4.2) to 申请成功: the case waits for the notary. */
  async function signed(o: Stage = {}) {
    const c = await pushed(o);
    const walks = [];
    for (const [buyerIndex, b] of c.buyers.entries()) {
      const api = world.api();
      const application =
        b.region === 'mainland'
          ? await mainlandBuyerSigns(world, c.qrLink, buyerIndex, api, b.phone)
          : await nonMainlandBuyerSigns(world, c.qrLink, buyerIndex, api, b.phone);
      walks.push({ api, application });
    }
    return { ...c, walks };
  }

  /** …审核通过 by the office's notary: 已公证, the 公证书 ready to download. */
  async function notarized(o: Stage = {}) {
    const c = await signed(o);
    const notary = await world.login(NOTARY[c.office]);
    const k = await eventually('案件待审核', async () =>
      (expectOk(await notary.get(`/api/notary/cases?status=待审核&q=${c.businessNo}`), '收件箱').items as any[]).find(
        (x) => x.businessNo === c.businessNo,
      ),
    );
    expectOk(await notary.post(`/api/notary/cases/${k.id}/approve`), '审核通过');
    const api = await seller();
    await eventually('公证书回到合同', async () => {
      const r = await api.get(`/api/contracts/${c.id}`);
      return r.body.status === '已公证' && (await api.get(`/api/contracts/${c.id}/certificate`)).status === 200;
    });
    return { ...c, caseId: k.id as string };
  }

  /** Waits for a filing application to reach the transaction center's 受理 queue (through the event queue). */
  async function filingArrived(businessNo: string) {
    const center = await world.login('center');
    const filing = await eventually(`备案申请 ${businessNo} 到达交易中心`, async () =>
      (expectOk(await center.get(`/api/filings?status=待受理&q=${businessNo}`), '受理队列').items as any[]).find(
        (f) => f.businessNo === businessNo,
      ),
    );
    return { center, filingId: filing.id as string };
  }

  /** …提交备案申请, and the application has reached the transaction center's 受理 queue. */
  async function filingApplied(o: Stage = {}) {
    const c = await notarized(o);
    expectOk(await (await seller()).post(`/api/contracts/${c.id}/apply-filing`), '提交备案申请');
    return { ...c, ...(await filingArrived(c.businessNo)) };
  }

  /** …受理, 审核 (通过) and 备案 at the center: 已备案. */
  async function filed(o: Stage = {}) {
    const c = await filingApplied(o);
    expectOk(await c.center.post(`/api/filings/${c.filingId}/accept`), '受理');
    expectOk(await c.center.post(`/api/filings/${c.filingId}/review`, { result: '通过' }), '审核');
    expectOk(await c.center.post(`/api/filings/${c.filingId}/file`), '备案');
    const api = await seller();
    await eventually('合同已备案', async () => (await api.get(`/api/contracts/${c.id}`)).body.status === '已备案');
    return c;
  }

  return { seller, nextUnit, submitted, ready, pushed, signed, notarized, filingApplied, filed, filingArrived };
}
