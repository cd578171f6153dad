// Fake camera clips for Chromium (--use-file-for-fake-video-capture): a fixture portrait resting,
// then performing one liveness action, looped. The server is started with FACE_CHALLENGES set to
// that one action, so whatever moment the page captures, the action comes round within ~3.4 s.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createFaceEngine } from '@netsign/face/node';
import { fixture } from '@netsign/face/testing/fixtures';
import { stillSeries, synthesizeChallenge } from '@netsign/face/testing/synthesize-challenge';
import { writeY4m } from '@netsign/face/testing/y4m';
import type { Challenge } from '@netsign/face';
import { ROOT } from './mobile-build';

const CACHE = join(ROOT, 'node_modules/.cache/netsign-e2e');
const VERSION = 'v1';

/**
 * A .y4m of portrait `who` (a1, b1, c1 of fixtures/faces): 2 s at rest, then `action`
 * (or, with no action, a person holding still). Cached between runs.
 */
export async function faceCamera(who: 'a1' | 'b1' | 'c1', action?: Challenge): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const out = join(CACHE, `${VERSION}-${who}-${action ?? 'still'}.y4m`);
  if (existsSync(out)) return out;
  const engine = await createFaceEngine();
  const portrait = fixture(who);
  const rest = await stillSeries(engine, portrait, action ? 7 : 20, 11);
  const frames = action ? [...rest, ...(await synthesizeChallenge(engine, portrait, action, { seed: 3 }))] : rest;
  const tmp = `${out}.${process.pid}.tmp`;
  await writeY4m(frames, tmp, { secondsPerFrame: 0.2 });
  renameSync(tmp, out);
  return out;
}

/** A .y4m of a QR code (the SVG that 查看二维码 shows) held in front of the camera. */
export async function qrCamera(svg: string, name: string): Promise<string> {
  const { default: sharp } = await import('sharp');
  mkdirSync(CACHE, { recursive: true });
  const qr = await sharp(Buffer.from(svg)).resize(360, 360).flatten({ background: '#ffffff' }).png().toBuffer();
  const frame = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#f4f4f4' } })
    .composite([{ input: qr, left: 140, top: 60 }])
    .png()
    .toBuffer();
  const out = join(tmpdir(), `netsign-qr-${name}-${process.pid}.y4m`);
  await writeY4m([frame, frame], out, { secondsPerFrame: 0.5 });
  return out;
}

/**
 * A video as a phone's own camera app records it (for `<input type="file" accept="video/*"
 * capture>`): portrait `who` facing the camera for `seconds`, VP8 WebM at 640×480. Cached.
 */
export async function recordedVideo(who: 'a1' | 'b1' | 'c1', seconds = 15): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const out = join(CACHE, `${VERSION}-${who}-recorded-${seconds}s.webm`);
  if (existsSync(out)) return out;
  const engine = await createFaceEngine();
  const still = await stillSeries(engine, fixture(who), 10, 5);
  const frames = Array.from({ length: seconds * 2 }, (_, i) => still[i % still.length]!);
  const y4m = `${out}.${process.pid}.y4m`;
  const tmp = `${out}.${process.pid}.tmp.webm`;
  try {
    await writeY4m(frames, y4m, { secondsPerFrame: 0.5 });
    const r = spawnSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-i',
      y4m,
      '-t',
      String(seconds),
      '-c:v',
      'libvpx',
      '-deadline',
      'realtime',
      '-cpu-used',
      '8',
      '-b:v',
      '800k',
      '-f',
      'webm',
      tmp,
    ]);
    if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr}`);
    renameSync(tmp, out);
  } finally {
    rmSync(y4m, { force: true });
    rmSync(tmp, { force: true });
  }
  return out;
}
