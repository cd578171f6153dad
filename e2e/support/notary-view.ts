// The case as the notary's API shows it at any status: the evidence a phone sent is there before
// 提交, so a browser test checks what its own page sent right after that page.
import { expectOk, type MobileWorld } from './mobile-world';

export async function notaryCase(world: MobileWorld, businessNo: string) {
  const notary = await world.login('notary');
  const list = expectOk(await notary.get(`/api/notary/cases?q=${encodeURIComponent(businessNo)}`), '案件查询')
    .items as { id: string; businessNo: string }[];
  const row = list.find((c) => c.businessNo === businessNo);
  if (!row) throw new Error(`公证员查不到案件 ${businessNo}`);
  return { notary, detail: expectOk(await notary.get(`/api/notary/cases/${row.id}`), '案件页面') };
}
