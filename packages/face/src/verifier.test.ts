// The local IdentityVerifier, the document portrait crop, the env config and the fake-camera clip.
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { faceConfigFromEnv } from './config';
import { createFaceEngine, type NodeFaceEngine } from './node';
import { cropPortrait } from './portrait';
import { fixture } from './testing/fixtures';
import { synthesizeChallenge } from './testing/synthesize-challenge';
import { writeY4m } from './testing/y4m';
import { FaceError, LocalIdentityVerifier } from './verifier';

let engine: NodeFaceEngine;
let verifier: LocalIdentityVerifier;
beforeAll(async () => {
  engine = await createFaceEngine();
  verifier = new LocalIdentityVerifier(engine);
});

describe('LocalIdentityVerifier', () => {
  it('the first check: liveness passes and its reference matches the ID card portrait, not another person', async () => {
    const live = await verifier.verifyLiveness('blink', await synthesizeChallenge(engine, fixture('a1'), 'blink'));
    expect(live.passed).toBe(true);
    const ref = { embedding: live.referenceEmbedding! };
    const card = await verifier.matchFaces(ref, { image: fixture('idCardA'), kind: 'document' });
    expect(card.match).toBe(true);
    expect(card.threshold).toBe(engine.thresholds.match);
    const passport = await verifier.matchFaces(ref, { image: fixture('passportB'), kind: 'document' });
    expect(passport.match).toBe(false);
  });

  it('refuses a live image with two faces and an image with none, in Chinese and English', async () => {
    const two = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#808080' } })
      .composite([
        { input: await sharp(fixture('a1')).resize(400, 500, { fit: 'cover' }).toBuffer(), left: 0, top: 0 },
        { input: await sharp(fixture('c1')).resize(400, 500, { fit: 'cover' }).toBuffer(), left: 400, top: 0 },
      ])
      .jpeg()
      .toBuffer();
    await expect(
      verifier.matchFaces({ image: two, kind: 'live' }, { image: fixture('a2'), kind: 'live' }),
    ).rejects.toMatchObject({ code: 'multiple-faces', faces: 2 });
    const blank = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    const err = await verifier
      .matchFaces({ image: blank, kind: 'document' }, { image: fixture('a2'), kind: 'live' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceError);
    expect((err as FaceError).message).toMatch(/未检测到人脸.*no face/);
  });

  it('says it has no citizen registry', async () => {
    expect(verifier.hasRegistry).toBe(false);
    expect((await verifier.verifyRealName()).verified).toBe(false);
  });
});

describe('cropPortrait', () => {
  it('cuts the portrait out of the ID card and it still matches person a', async () => {
    const p = await cropPortrait(engine, fixture('idCardA'));
    expect(p).toBeDefined();
    const meta = await sharp(p!.image).metadata();
    expect(meta.width).toBeLessThan(400); // the card is 856 wide: only the portrait is left
    const a1 = (await engine.analyze(fixture('a1'))).faces[0]!;
    const cropped = (await engine.analyze(p!.image)).faces[0]!;
    expect(engine.compare(a1.embedding, cropped.embedding)).toBeGreaterThanOrEqual(engine.thresholds.match);
  });
});

describe('faceConfigFromEnv', () => {
  it('reads thresholds and the challenge set, default all four', () => {
    expect(faceConfigFromEnv({}).challenges).toEqual(['blink', 'turn-left', 'turn-right', 'open-mouth']);
    const c = faceConfigFromEnv({
      NETSIGN_FACE_MATCH: '0.6',
      NETSIGN_FACE_TURN_YAW: '20',
      NETSIGN_FACE_CHALLENGES: 'blink, turn-left',
    });
    expect(c.thresholds).toEqual({ match: 0.6, turnYaw: 20 });
    expect(c.challenges).toEqual(['blink', 'turn-left']);
    expect(() => faceConfigFromEnv({ NETSIGN_FACE_CHALLENGES: 'smile' })).toThrow(/smile/);
    expect(() => faceConfigFromEnv({ NETSIGN_FACE_MATCH: 'high' })).toThrow(/NETSIGN_FACE_MATCH/);
  });
});

describe('writeY4m', () => {
  it('writes a 640×480 YUV4MPEG2 clip with every frame shown for its duration', async () => {
    const frames = await synthesizeChallenge(engine, fixture('a1'), 'open-mouth', { frames: 6, verify: false });
    const out = path.join(tmpdir(), `netsign-face-${process.pid}.y4m`);
    await writeY4m(frames, out, { fps: 10, secondsPerFrame: 0.2 });
    const bytes = await readFile(out);
    await rm(out);
    const header = bytes.subarray(0, bytes.indexOf(0x0a)).toString('latin1');
    expect(header).toMatch(/^YUV4MPEG2 W640 H480 F10:1/);
    const frameCount = bytes.toString('latin1').split('FRAME\n').length - 1;
    expect(frameCount).toBeGreaterThanOrEqual(11); // 6 frames × 0.2 s × 10 fps, the last one held
    expect(frameCount).toBeLessThanOrEqual(14);
  });
});
