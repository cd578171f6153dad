import type { NodeFaceEngine } from '@netsign/face/node';
import type { ApiClient } from './http-client';
import type { DemoWorld } from './world';
import { submitMainland } from './buyer-session';
import { DEMO_BUYERS } from '../demo/demo-accounts';
import { expectOk, eventually } from '../demo/walk/expect';

// Notary cases brought to a stage through the API, one case a call, so that a test which changes
// its case changes nobody else's (issue 10: no test relies on what an earlier one did).

type Contract = Awaited<ReturnType<DemoWorld['pushedContract']>>;

/** The live case of a contract in 中山公证处's inbox, once the push has arrived (through the queue). */
export const caseOf = (w: DemoWorld, businessNo: string) =>
  eventually(`案件 ${businessNo}`, async () =>
    (expectOk(await w.notary.get('/api/notary/cases?pageSize=200'), '收件箱').items as any[]).find(
      (x) => x.businessNo === businessNo && x.status !== '已驳回',
    ),
  );

/**
 * 张明 alone on a contract (a newly pushed one unless given), walked through manual 4.1 by
 * `buyer` (his signed-in phone) and submitted: case and application 待审核.
 */
export async function submittedCase(w: DemoWorld, engine: NodeFaceEngine, buyer: ApiClient, contract?: Contract) {
  const c = contract ?? (await w.pushedContract([DEMO_BUYERS[0]]));
  const caseId: string = (await caseOf(w, c.businessNo)).id;
  const appId = await submitMainland(w, engine, buyer, c.token);
  return { contract: c, caseId, appId };
}

/** … then 需补正 of the ID card's back and the signature, with `note`: case and application 待补正. */
export async function supplementedCase(w: DemoWorld, engine: NodeFaceEngine, buyer: ApiClient, note: string) {
  const s = await submittedCase(w, engine, buyer);
  expectOk(
    await w.notary.post(`/api/notary/cases/${s.caseId}/supplement`, {
      applicationId: s.appId,
      items: ['id_back', 'signature'],
      note,
    }),
    '需补正',
  );
  return s;
}
