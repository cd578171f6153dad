import { createHash } from 'node:crypto';
import type { NodeFaceEngine } from '@netsign/face/node';
import { synthesizeChallenge } from '@netsign/face/testing/synthesize-challenge';
import type { ApiClient } from './http-client';
import type { DemoWorld } from './world';
import { buyerWalk, claimWithConsent } from './buyer-session';
import { DEMO_BUYERS } from '../demo/demo-accounts';
import type { BuyerInput } from '../demo/walk/seller-steps';
import { readAndAgree, type BuyerWalk } from '../demo/walk/buyer-steps';
import { expectOk } from '../demo/walk/expect';

type Contract = Awaited<ReturnType<DemoWorld['pushedContract']>>;
type Action = Parameters<typeof synthesizeChallenge>[2];

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
  // Making a liveness series takes longer than the server's check of it, so one series per
  // portrait, action and seed serves every application of the file: the server compares frames
  // within a series only, never across applications.
  const series = new Map<string, Promise<Buffer[]>>();
  function liveSeries(portrait: Buffer, action: Action, seed: number) {
    const key = `${createHash('sha256').update(portrait).digest('hex')}:${action}:${seed}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = synthesizeChallenge(engine, portrait, action, { seed })));
    return s;
  }

  /** 人脸识别 as the walk's faceCheck does it (same seeds, same retry), with the series made once. */
  async function faceCheck(walk: BuyerWalk, id: string, stage: 'first' | 'second', portrait = walk.portrait) {
    for (let attempt = 1; ; attempt++) {
      const ch = expectOk(
        await walk.api.post(`/api/buyer/applications/${id}/face/challenge`, { stage }),
        `人脸识别（${stage}）`,
      );
      const frames = await liveSeries(portrait, ch.action, (walk.seed ?? 1) + (stage === 'first' ? 0 : 50));
      const r = await walk.api.post(`/api/buyer/applications/${id}/face/frames`, {
        challengeId: ch.id,
        frames: frames.map((f) => f.toString('base64')),
      });
      // the first making of a series can outlast the challenge on a busy machine: 重新识别
      if (r.status === 409 && r.body?.code === 'CHALLENGE_EXPIRED' && attempt < 3) continue;
      return r;
    }
  }

  /** 张明 (or buyers[buyerIndex]) on a newly pushed contract, or on `contract`: claimed, consent given; 待核验. */
  async function claimed(
    api: ApiClient,
    o: { contract?: Contract; buyers?: BuyerInput[]; buyerIndex?: number } = {},
  ): Promise<Stage> {
    const contract = o.contract ?? (await w.pushedContract(o.buyers ?? [DEMO_BUYERS[0]]));
    const buyerIndex = o.buyerIndex ?? 0;
    const walk = buyerWalk(w, engine, api, contract.token, { buyerIndex, seed: 3 });
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

  return { faceCheck, claimed, verified, read };
}
