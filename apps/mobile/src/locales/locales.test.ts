import { describe, expect, it } from 'vitest';
import { PHOTO_LABELS, PHOTO_PAGE_LABEL, RESIDENT_ID_PHOTO_LABELS, SUPPLEMENT_LABELS } from '@netsign/api';
import { TEXTS } from './keys';
import { en } from './en';
import { zhHK } from './zh-HK';

describe('every text has its 繁體中文 and English translation', () => {
  for (const [name, dict] of [
    ['zh-HK', zhHK],
    ['en', en],
  ] as const) {
    it(name, () => {
      expect(TEXTS.filter((k) => !dict[k])).toEqual([]);
      // the same placeholders on both sides
      for (const k of TEXTS)
        expect((dict[k] ?? '').match(/\{\{\w+\}\}/g)?.sort() ?? []).toEqual(k.match(/\{\{\w+\}\}/g)?.sort() ?? []);
    });
  }
});

describe('every text the pages pass to t() is listed', () => {
  it('in the sources', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(import.meta.dirname, '..');
    const files: string[] = [];
    const walk = (d: string) =>
      readdirSync(d).forEach((f) =>
        statSync(join(d, f)).isDirectory()
          ? walk(join(d, f))
          : /\.tsx?$/.test(f) && !f.includes('.test.') && files.push(join(d, f)),
      );
    walk(dir);
    const used = new Set<string>();
    for (const f of files)
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('((?:[^'\\]|\\.)+)'/g)) used.add(m[1]!);
    // texts kept in tables and passed to t() by variable
    for (const f of [
      'steps/FaceStep.tsx',
      'steps/face-guidance.ts',
      'steps/face-refusal.ts',
      'steps/PhotosStep.tsx',
      'steps/DocumentEntryStep.tsx',
      'lib/camera.ts',
      'lib/environment.ts',
      'lib/flow.ts',
      'lib/push.ts',
      'pages/MinePage.tsx',
    ]) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'([^'\n]*[\u4e00-\u9fa5][^'\n]*)'/g))
        if (!/^(\/api|[, ])/.test(m[1]!)) used.add(m[1]!);
    }
    // the shared label tables of @netsign/api the pages show through t()
    for (const table of [PHOTO_LABELS, RESIDENT_ID_PHOTO_LABELS, SUPPLEMENT_LABELS])
      for (const v of Object.values(table)) used.add(v);
    used.add(PHOTO_PAGE_LABEL);
    const listed = new Set<string>(TEXTS);
    expect([...used].filter((k) => !listed.has(k))).toEqual([]);
  });
});
