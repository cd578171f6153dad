import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api';
import { TEXTS } from '../locales/keys';
import { en } from '../locales/en';
import { zhHK } from '../locales/zh-HK';
import { faceRefusal } from './face-refusal';

// The rules of packages/face liveness.ts (LivenessFailure) and the server's second-check mismatch.
const RULES = [
  'frame-count',
  'no-face',
  'multiple-faces',
  'duplicate-frame',
  'different-person',
  'antispoof',
  'liveness',
  'no-baseline',
  'action-not-observed',
  'wrong-direction',
  'face-mismatch',
];
const refused = (...codes: string[]) =>
  ApiError.fromBody(
    422,
    {
      code: 'FACE_VERIFICATION_FAILED',
      message: '人脸识别未通过：服务器的说明',
      violations: codes.map((code) => ({ field: 'frames', code, message: '…' })),
    },
    '',
  );

describe("a refused 人脸识别 reads as a next step in the buyer's language", () => {
  it('words every rule the server can name, in each language, without English in the Chinese', () => {
    const keys = RULES.map((r) => faceRefusal(refused(r)));
    expect(keys.every((k) => k?.refused)).toBe(true);
    expect(new Set(keys.map((k) => k!.key)).size).toBe(RULES.length);
    for (const k of keys) {
      expect(TEXTS).toContain(k!.key);
      expect(k!.key).toMatch(/(重新识别|本人完成|出现动作提示后再做动作)/); // says what to do next
      expect(k!.key).not.toMatch(/[A-Za-z]/);
      expect(zhHK[k!.key]).not.toMatch(/[A-Za-z]/);
      expect(en[k!.key]).toMatch(/^[\x20-\x7e·]+$/);
    }
  });

  it("words the first rule it knows; other errors with a known code; otherwise null (the server's message is shown)", () => {
    expect(faceRefusal(refused('something-new', 'wrong-direction'))?.key).toContain('转头方向反了');
    expect(
      faceRefusal(ApiError.fromBody(409, { code: 'CHALLENGE_EXPIRED', message: '人脸识别超时，请重新开始' }, '')),
    ).toEqual({ key: '识别超时：请点「重新识别」重新开始', refused: false });
    expect(
      faceRefusal(ApiError.fromBody(503, { code: 'face_busy', message: '人脸识别繁忙，请稍后重试' }, ''))?.key,
    ).toContain('繁忙');
    expect(faceRefusal(refused('something-new'))).toBeNull();
    expect(faceRefusal(new Error('x'))).toBeNull();
  });
});
