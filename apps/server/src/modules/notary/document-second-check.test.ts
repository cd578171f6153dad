import { describe, expect, it } from 'vitest';
import { describeSecondCheck, documentSecondCheck } from './document-second-check';

// Manual 4.2: the non-mainland buyer's second identity check is the comparison, at 提交, of every
// face taken since the first check with the travel document's photo page.
const now = new Date('2026-12-01T02:00:00Z');
const match = (score: number) => ({ score, threshold: 0.45, match: score >= 0.45 });
const steps = {
  reference: { embedding: [0.1, 0.2], source: 'document' },
  photos: {
    id_front: { sha256: 'a'.repeat(64), match: match(0.81) },
    handheld: { sha256: 'b'.repeat(64), match: match(0.66) },
    signature: { sha256: 'c'.repeat(64) },
  },
  video: {
    frames: {
      passed: true,
      results: [
        { sha256: 'd'.repeat(64), ...match(0.7) },
        { sha256: 'e'.repeat(64), ...match(0.52) },
        { sha256: 'f'.repeat(64), ...match(0.3) },
      ],
    },
  },
};

describe('the second identity check of the document + video route', () => {
  it('lists what was compared with what score, and passes when each did', () => {
    const c = documentSecondCheck(steps, ['id_front', 'handheld', 'signature'], 'PASSPORT', now);
    expect(c).toMatchObject({
      method: 'document-video',
      passed: true,
      decidedAt: now.toISOString(),
      reference: 'photo-page',
    });
    expect(c.items.map((i) => i.item)).toEqual(['id_front', 'handheld', 'video']); // the signature picture holds no face
    expect(c.items[2]).toMatchObject({ matched: 2, total: 3, score: 0.52, match: true });
    expect(describeSecondCheck(c)).toBe(
      '将证件照片页人像与证件个人资料页（照片页）照片相似度 0.81、手持身份证正面照片相似度 0.66、佐证视频录制画面 2/3 帧一致再次比对（阈值 0.45），确认为同一人',
    );
  });

  it('fails when any comparison did not match, and says so', () => {
    const c = documentSecondCheck(
      { ...steps, photos: { ...steps.photos, handheld: { sha256: 'b'.repeat(64), match: match(0.2) } } },
      ['id_front', 'handheld'],
      'PASSPORT',
      now,
    );
    expect(c.passed).toBe(false);
    expect(describeSecondCheck(c)).toContain('存在不一致');
  });

  it("without consent to face comparison, names the notary's manual check instead of scores", () => {
    const c = documentSecondCheck(
      {
        photos: { id_front: { sha256: 'a'.repeat(64) } },
        video: { frames: { passed: true, results: [{ sha256: 'd'.repeat(64), faces: 1 }] } },
      },
      ['id_front', 'handheld'],
      'PASSPORT',
      now,
    );
    expect(c).toMatchObject({ reference: null, items: [], passed: true });
    expect(describeSecondCheck(c)).toContain('由公证员人工核对');
  });
});
