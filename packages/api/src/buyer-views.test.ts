import { describe, expect, it } from 'vitest';
import { ALL_CHALLENGES } from '@netsign/face/types';
import { FACE_ACTIONS, ZFaceChallenge } from './buyer-views';

describe("the buyer app's views", () => {
  it('name every 人脸识别 action the face checker can ask for, and no other', () => {
    expect([...FACE_ACTIONS].sort()).toEqual([...ALL_CHALLENGES].sort());
    expect(
      ZFaceChallenge.safeParse({
        id: crypto.randomUUID(),
        action: 'nod',
        stage: 'first',
        issuedAt: '2026-11-30T02:00:00.000Z',
        expiresAt: '2026-11-30T02:02:00.000Z',
      }).success,
    ).toBe(false);
  });
});
