// The engine on the shared fixtures: the answers docs/FACE.md promises.
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createFaceEngine, decodeImage, sha256Hex, type NodeFaceEngine } from './node';
import { fixture } from './testing/fixtures';
import type { FaceAnalysis } from './types';

let engine: NodeFaceEngine;
const face: Record<string, FaceAnalysis> = {};

beforeAll(async () => {
  engine = await createFaceEngine();
  for (const k of ['a1', 'a2', 'b1', 'c1', 'idCardA', 'passportB'] as const) {
    const r = await engine.analyze(fixture(k));
    expect(r.faces, k).toHaveLength(1);
    face[k] = r.faces[0]!;
  }
});

const score = (x: string, y: string) => engine.compare(face[x]!.embedding, face[y]!.embedding);

describe('face match on the fixtures', () => {
  it('matches two different photos of person a', () => {
    expect(score('a1', 'a2')).toBeGreaterThanOrEqual(engine.thresholds.match);
  });
  it('matches the ID card portrait with the live photo of person a', () => {
    expect(score('a1', 'idCardA')).toBeGreaterThanOrEqual(engine.thresholds.match);
  });
  it('matches the passport portrait with person b', () => {
    expect(score('b1', 'passportB')).toBeGreaterThanOrEqual(engine.thresholds.match);
  });
  it.each([
    ['a1', 'b1'],
    ['a2', 'b1'],
    ['a1', 'c1'],
    ['a2', 'c1'],
    ['b1', 'c1'],
    ['idCardA', 'b1'],
    ['idCardA', 'passportB'],
    ['passportB', 'a1'],
    ['idCardA', 'c1'],
  ])('does not match %s with %s', (x, y) => {
    expect(score(x, y)).toBeLessThan(engine.thresholds.match);
  });
});

describe('analyze', () => {
  it('reports every field the rules need', () => {
    const f = face.a1!;
    expect(f.embedding).toHaveLength(1024);
    expect(f.detectionScore).toBeGreaterThan(0.5);
    expect(f.antispoof).toBeGreaterThan(0);
    expect(f.liveness).toBeGreaterThan(0);
    expect(Math.abs(f.pose.yaw)).toBeLessThan(15); // a frontal portrait
    expect(f.eyeOpenness.mean).toBeGreaterThan(0.15); // eyes open
    expect(f.box[2]).toBeGreaterThan(100);
  });

  it('hashes the uploaded bytes and analyses raw RGB the same way', async () => {
    const bytes = fixture('c1');
    const fromFile = await engine.analyze(bytes);
    expect(fromFile.sha256).toBe(sha256Hex(bytes));
    const rgb = await decodeImage(bytes);
    const fromRgb = await engine.analyze(rgb);
    expect(fromRgb.sha256).toBe(sha256Hex(rgb.data));
    expect(engine.compare(fromFile.faces[0]!.embedding, fromRgb.faces[0]!.embedding)).toBeGreaterThan(0.999);
  });

  it('finds no face in a blank image and two in a side-by-side of two people', async () => {
    const blank = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#c0c0c0' } })
      .png()
      .toBuffer();
    expect((await engine.analyze(blank)).faces).toHaveLength(0);
    const left = await sharp(fixture('a1')).resize(400, 500, { fit: 'cover' }).toBuffer();
    const right = await sharp(fixture('c1')).resize(400, 500, { fit: 'cover' }).toBuffer();
    const both = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#808080' } })
      .composite([
        { input: left, left: 0, top: 0 },
        { input: right, left: 400, top: 0 },
      ])
      .png()
      .toBuffer();
    expect((await engine.analyze(both)).faces).toHaveLength(2);
  });

  it('names and hashes every model for the evidence', () => {
    expect(engine.info.models.map((m) => m.name)).toEqual([
      'blazeface',
      'facemesh',
      'iris',
      'faceres',
      'antispoof',
      'liveness',
    ]);
    for (const m of engine.info.models) expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(engine.info.backend).toBe('wasm');
  });

  it('serialises concurrent calls (one inference at a time) and keeps their answers apart', async () => {
    const [x, y] = await Promise.all([engine.analyze(fixture('a1')), engine.analyze(fixture('b1'))]);
    expect(engine.compare(x.faces[0]!.embedding, face.a1!.embedding)).toBeGreaterThan(0.999);
    expect(engine.compare(y.faces[0]!.embedding, face.b1!.embedding)).toBeGreaterThan(0.999);
  });
});
