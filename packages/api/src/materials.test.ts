import { describe, expect, it } from 'vitest';
import { MATERIAL_CATEGORIES, materialTakesSeveral } from './contracts';

// Issue 16 item 8: 法定代表人身份证（正反面） needs two files, so its picker takes several at once.
describe('收件材料 pickers', () => {
  it('every category that needs several files takes several at once', () => {
    for (const c of MATERIAL_CATEGORIES)
      if ('minFiles' in c && c.minFiles > 1) expect(materialTakesSeveral(c), c.key).toBe(true);
    const several = MATERIAL_CATEGORIES.filter((c) => materialTakesSeveral(c)).map((c) => c.key);
    expect(several).toEqual(['legal_rep_id', 'other', 'signed_pages']);
  });
  it('a single-file category (房屋平面图) takes one', () => {
    expect(materialTakesSeveral(MATERIAL_CATEGORIES.find((c) => c.key === 'floor_plan')!)).toBe(false);
  });
});
