import type { NodeFaceEngine } from '@netsign/face/node';
import type { ApiClient } from './http-client';
import type { DemoWorld } from './world';
import { buyerWalk, claimWithConsent } from './buyer-session';
import { rememberingEngine } from './remembering-engine';
import { DEMO_BUYERS } from '../demo/demo-accounts';
import type { BuyerInput } from '../demo/walk/seller-steps';
import { faceCheck, readAndAgree, type BuyerWalk } from '../demo/walk/buyer-steps';
import { expectOk } from '../demo/walk/expect';

type Contract = Awaited<ReturnType<DemoWorld['pushedContract']>>;

/** A buyer's application brought to a stage of manual 4.1 through the API, with the walk that got it there. */
export interface Stage {
  contract: Contract;
  id: string;
  walk: BuyerWalk;
}

/**
 * Stages for tests that must not share an application (issue 10: no test relies on what an
 * earlier one did). Each call pushes a contract of its own and claims its entry, so a test that
 * changes its application changes nobody else's.
 */
export function buyerStages(w: DemoWorld, engine: NodeFaceEngine) {
  // one engine remembering its analyses serves every walk of the file (remembering-engine.ts)
  const camera = rememberingEngine(engine);

  /** 张明 (or buyers[buyerIndex]) on a newly pushed contract, or on `contract`: claimed, consent given; 待核验. */
  async function claimed(
    api: ApiClient,
    o: { contract?: Contract; buyers?: BuyerInput[]; buyerIndex?: number } = {},
  ): Promise<Stage> {
    const contract = o.contract ?? (await w.pushedContract(o.buyers ?? [DEMO_BUYERS[0]]));
    const buyerIndex = o.buyerIndex ?? 0;
    const walk = buyerWalk(w, camera, api, contract.token, { buyerIndex, seed: 3 });
    return { contract, id: await claimWithConsent(api, contract.token, buyerIndex), walk };
  }

  /** … and the first face check passed: 已核验, the live face the reference. */
  async function verified(api: ApiClient, o: Parameters<typeof claimed>[1] = {}) {
    const s = await claimed(api, o);
    expectOk(await faceCheck(s.walk, s.id, 'first'), '首次人脸识别');
    return s;
  }

  /** … and every page of the four documents read, then 同意继续: 已阅读. */
  async function read(api: ApiClient, o: Parameters<typeof claimed>[1] = {}) {
    const s = await verified(api, o);
    await readAndAgree(s.walk, s.id);
    return s;
  }

  return { claimed, verified, read };
}
