// The buyer's part (the mobile app is another app): driven through the API with the server's own
// walk helpers, so these tests still cover the manual across parties.
import { createFaceEngine, type NodeFaceEngine } from '@netsign/face/node';
import { fixture } from '@netsign/face/testing/fixtures';
import { walkMainlandBuyer, walkNonMainlandBuyer } from '../../../apps/server/src/demo/walk/buyer-steps';
import { idCardPng } from '../../../apps/server/src/demo/demo-images';
import { DEMO_BUYERS, SMITH_PASSPORT_MRZ } from '../../../apps/server/src/demo/demo-accounts';
import type { World } from './world';

let engine: Promise<NodeFaceEngine> | undefined;
export const faceEngine = () => (engine ??= createFaceEngine());
export const [ZHANG, SMITH] = DEMO_BUYERS;
const tokenOf = (qrLink: string) => qrLink.split('/').at(-1)!;

/**
 * Manual 4.1: 张明 scans the QR, verifies his face, reads, uploads, signs: 申请成功. `phone`: the one
 * the contract names for him (the demo buyer's unless the contract gave him another).
 */
export async function mainlandBuyerSigns(
  world: World,
  qrLink: string,
  buyerIndex = 0,
  api = world.api(),
  phone: string = ZHANG.phone,
) {
  return walkMainlandBuyer(
    {
      api,
      engine: await faceEngine(),
      phone,
      token: tokenOf(qrLink),
      buyerIndex,
      portrait: fixture('a1'),
      advance: (ms) => world.clock.advance(ms),
      seed: 1,
    },
    { front: fixture('idCardA'), back: await idCardPng('back', ZHANG.name, '') },
  );
}

/** Manual 4.2: SMITH (passport) with document check and the 15-second 佐证视频; no face check, so quick. */
export async function nonMainlandBuyerSigns(
  world: World,
  qrLink: string,
  buyerIndex = 1,
  api = world.api(),
  phone: string = SMITH.phone,
) {
  return walkNonMainlandBuyer(
    {
      api,
      engine: await faceEngine(),
      phone,
      token: tokenOf(qrLink),
      buyerIndex,
      portrait: fixture('b1'),
      advance: (ms) => world.clock.advance(ms),
      seed: 5,
    },
    {
      kind: 'PASSPORT',
      number: SMITH.idNumber,
      name: SMITH.name,
      mrz: SMITH_PASSPORT_MRZ,
      photoPage: fixture('passportB'),
    },
  );
}

export async function disposeEngine() {
  if (engine) (await engine).dispose();
  engine = undefined;
}
