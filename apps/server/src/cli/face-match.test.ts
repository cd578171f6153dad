// `netsign face-match` on the fixtures: its last line is the JSON a script reads.
import path from 'node:path';
import { tmpdir } from 'node:os';
import { writeFile, rm } from 'node:fs/promises';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFaceEngine } from '@netsign/face/node';
import { FIXTURES_DIR, fixture } from '@netsign/face/testing/fixtures';
import { background, composite, cutout, evalSet, finish, prng } from '@netsign/face/testing/eval-set';
import { run } from './face-match';

const fx = (f: string) => path.join(FIXTURES_DIR, f);
let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());
const last = () => JSON.parse(out.at(-1)!) as { score: number; match: boolean; threshold: number };

describe('netsign face-match', () => {
  it('says two photos of person a match, and exits 0', async () => {
    expect(await run([fx('faces/person-a-1.jpg'), fx('faces/person-a-2.jpg')])).toBe(0);
    const r = last();
    expect(r.match).toBe(true);
    expect(r.score).toBeGreaterThanOrEqual(r.threshold);
    expect(Object.keys(r)).toEqual(['score', 'match', 'threshold']);
  });

  it('says person a and person b do not match, and exits 0', async () => {
    expect(await run([fx('faces/person-a-1.jpg'), fx('faces/person-b-1.jpg')])).toBe(0);
    expect(last().match).toBe(false);
  });

  it('matches the passport page with person b', async () => {
    expect(await run([fx('passport-person-b.png'), fx('faces/person-b-1.jpg')])).toBe(0);
    expect(last().match).toBe(true);
  });

  it('exits 2 with a Chinese and English message when an image has no face or two', async () => {
    const blank = path.join(tmpdir(), `netsign-blank-${process.pid}.png`);
    const two = path.join(tmpdir(), `netsign-two-${process.pid}.jpg`);
    await writeFile(
      blank,
      await sharp({ create: { width: 300, height: 300, channels: 3, background: '#eeeeee' } })
        .png()
        .toBuffer(),
    );
    await writeFile(
      two,
      await sharp({ create: { width: 800, height: 500, channels: 3, background: '#808080' } })
        .composite([
          {
            input: await sharp(fx('faces/person-a-1.jpg')).resize(400, 500, { fit: 'cover' }).toBuffer(),
            left: 0,
            top: 0,
          },
          {
            input: await sharp(fx('faces/person-c-1.jpg')).resize(400, 500, { fit: 'cover' }).toBuffer(),
            left: 400,
            top: 0,
          },
        ])
        .jpeg()
        .toBuffer(),
    );
    try {
      expect(await run([blank, fx('faces/person-a-1.jpg')])).toBe(2);
      expect(err.join('\n')).toMatch(/未检测到人脸 \/ no face found/);
      expect(await run([fx('faces/person-a-1.jpg'), two])).toBe(2);
      expect(err.join('\n')).toMatch(/2 张人脸.*2 faces found/);
    } finally {
      await rm(blank, { force: true });
      await rm(two, { force: true });
    }
  });

  it('decides (exit 0) on one person before a busy background, small or large in the frame, and on a passport page with its ghost portrait', async () => {
    const engine = await createFaceEngine();
    const portrait = async (name: 'a1' | 'b1' | 'c1', person: 'a' | 'b' | 'c') => ({
      name,
      person,
      image: fixture(name),
      box: (await engine.analyze(fixture(name))).faces[0]!.box,
    });
    const [a1, b1, c1] = await Promise.all([portrait('a1', 'a'), portrait('b1', 'b'), portrait('c1', 'c')]);
    const r = prng(7);
    const files: string[] = [];
    try {
      for (const [kind, scale] of [
        ['posters', 0.1],
        ['window', 0.8],
      ] as const) {
        const img = await composite(await background(kind, r, [b1, c1], scale * 0.6), [
          { cut: await cutout(a1), at: { scale, rotate: 12, cx: 0.5, cy: 0.5 } },
        ]);
        const file = path.join(tmpdir(), `netsign-busy-${kind}-${process.pid}.jpg`);
        await writeFile(file, await finish(img, { exposure: 1, rephoto: false, quality: 80 }, r));
        files.push(file);
        expect(await run([file, fx('faces/person-a-2.jpg')]), `${kind} ${scale}: ${err.join(' ')}`).toBe(0);
        expect(typeof last().match).toBe('boolean');
      }
      for await (const c of evalSet([], {
        image: fixture('passportB'),
        box: (await engine.analyze(fixture('passportB'))).faces[0]!.box,
        person: 'b',
      })) {
        const file = path.join(tmpdir(), `netsign-${c.id}-${process.pid}.jpg`);
        await writeFile(file, c.image);
        files.push(file);
        expect(await run([file, fx('faces/person-b-1.jpg')]), `${c.id}: ${err.join(' ')}`).toBe(0);
        expect(last().match).toBe(true);
      }
    } finally {
      for (const f of files) await rm(f, { force: true });
    }
  }, 240_000);

  it('exits 2 on a missing file or a wrong call', async () => {
    expect(await run([fx('faces/nobody.jpg'), fx('faces/person-a-1.jpg')])).toBe(2);
    expect(err.join('\n')).toMatch(/ENOENT/);
    expect(await run([fx('faces/person-a-1.jpg')])).toBe(2);
  });
});
