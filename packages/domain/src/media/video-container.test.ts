import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  VideoDurationScanner,
  checkEvidenceVideoDuration,
  detectVideoContainer,
  readVideoDuration,
} from './video-container';
import { readVideoDurationFromEnds } from './video-ends';

let dir = '';
const files: Record<string, Buffer> = {};
const SRC = ['-f', 'lavfi', '-i', 'testsrc=duration=15:size=160x120:rate=25'];
const AUDIO = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=15'];
const make = (name: string, args: string[]) => {
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args, join(dir, name)]);
  files[name] = readFileSync(join(dir, name));
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'netsign-video-'));
  make('vp8.webm', [...SRC, '-c:v', 'libvpx', '-b:v', '100k']);
  // Live mode, as a MediaRecorder writes: unknown-size Segment, no Duration in Info.
  make('live.webm', [
    ...SRC,
    ...AUDIO,
    '-c:v',
    'libvpx',
    '-b:v',
    '100k',
    '-c:a',
    'libopus',
    '-live',
    '1',
    '-f',
    'webm',
  ]);
  make('short.webm', [...SRC, '-t', '5', '-c:v', 'libvpx', '-b:v', '100k']);
  make('mpeg4.mp4', [...SRC, '-c:v', 'mpeg4']); // moov after mdat
  make('x264.mp4', [...SRC, '-c:v', 'libx264', '-preset', 'ultrafast', '-movflags', '+faststart']);
  make('frag.mp4', [...SRC, '-c:v', 'mpeg4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof']);
  make('clip.mkv', [...SRC, '-t', '2', '-c:v', 'libvpx', '-f', 'matroska']);
  make('still.png', ['-f', 'lavfi', '-i', 'testsrc=size=32x32', '-frames:v', '1']);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rewrites every Cluster to unknown size and drops DefaultDuration, as Chrome's MediaRecorder writes. */
function chromeStyle(webm: Buffer): Buffer {
  const vlen = (b: number) => Math.clz32(b) - 23;
  const out: Buffer[] = [];
  let p = 0;
  while (p < webm.length) {
    const idLen = vlen(webm[p]);
    const id = webm.readUIntBE(p, idLen);
    const sLen = vlen(webm[p + idLen]);
    let size = webm[p + idLen] & (0xff >> sLen);
    for (let i = 1; i < sLen; i++) size = size * 256 + webm[p + idLen + i];
    const head = idLen + sLen;
    if (id === 0x18538067 || id === 0x1654ae6b || id === 0xae) {
      out.push(webm.subarray(p, p + head)); // descend (Segment, Tracks, TrackEntry)
      p += head;
    } else if (id === 0x1f43b675) {
      out.push(webm.subarray(p, p + idLen), Buffer.from('01ffffffffffffff', 'hex'));
      p += head;
    } else if (id === 0x23e383) {
      out.push(Buffer.from([0xec, 0x80 | (size + head - 2)]), Buffer.alloc(size + head - 2)); // same length Void
      p += head + size;
    } else {
      out.push(webm.subarray(p, p + head + size));
      p += head + size;
    }
  }
  return Buffer.concat(out);
}

const near15s = (r: ReturnType<typeof readVideoDuration>, source: string) => {
  expect(r.ok).toBe(true);
  if (r.ok) {
    expect(r.value.source).toBe(source);
    expect(Math.abs(r.value.durationMs - 15_000)).toBeLessThanOrEqual(100);
  }
};

describe('video container and duration', () => {
  it('WebM with Segment Info Duration', () => {
    expect(detectVideoContainer(files['vp8.webm'])).toBe('webm');
    near15s(readVideoDuration(files['vp8.webm']), 'segment-info');
  });

  it('WebM without Duration (live) falls back to the last block', () => {
    near15s(readVideoDuration(files['live.webm']), 'last-block');
  });

  it('Chrome-style WebM: unknown-size clusters, no DefaultDuration', () => {
    const chrome = chromeStyle(files['live.webm']);
    expect(chrome.includes(Buffer.from('1f43b67501ffffffffffffff', 'hex'))).toBe(true);
    near15s(readVideoDuration(chrome), 'last-block');
  });

  it('MP4 from mvhd, with moov at the end or at the start (v0)', () => {
    near15s(readVideoDuration(files['mpeg4.mp4']), 'mvhd');
    near15s(readVideoDuration(files['x264.mp4']), 'mvhd');
  });

  it('fragmented MP4 (empty moov) from its fragments', () => {
    near15s(readVideoDuration(files['frag.mp4']), 'fragments');
  });

  it('mvhd version 1 (64-bit times)', () => {
    const box = (type: string, body: Buffer) => {
      const h = Buffer.alloc(8);
      h.writeUInt32BE(8 + body.length);
      h.write(type, 4, 'latin1');
      return Buffer.concat([h, body]);
    };
    const mvhd = Buffer.alloc(108);
    mvhd[0] = 1;
    mvhd.writeUInt32BE(90_000, 20);
    mvhd.writeBigUInt64BE(90_000n * 15n + 45_000n, 24);
    const file = Buffer.concat([
      box('ftyp', Buffer.from('isom\0\0\0\0isomiso2', 'latin1')),
      box('moov', box('mvhd', mvhd)),
    ]);
    expect(readVideoDuration(file)).toEqual({
      ok: true,
      value: { container: 'mp4', durationMs: 15_500, source: 'mvhd', tracks: [] },
    });
  });

  it('streaming in chunks of any size gives the same answer', () => {
    const names = ['vp8.webm', 'mpeg4.mp4', 'frag.mp4'];
    const chrome = chromeStyle(files['live.webm']);
    fc.assert(
      fc.property(fc.constantFrom(...names, 'chrome'), fc.integer({ min: 1, max: 70_000 }), (name, chunk) => {
        const bytes = name === 'chrome' ? chrome : files[name];
        const s = new VideoDurationScanner();
        for (let i = 0; i < bytes.length; i += chunk) s.push(bytes.subarray(i, i + chunk));
        expect(s.result()).toEqual(readVideoDuration(bytes));
      }),
      { numRuns: 30 },
    );
  });

  it('rejects other containers with a clear violation', () => {
    for (const f of ['clip.mkv', 'still.png']) {
      const r = readVideoDuration(files[f], 'evidence.video');
      expect(r.ok ? null : r.violations[0]).toMatchObject({
        field: 'evidence.video',
        code: 'VIDEO_CONTAINER',
        message: expect.stringContaining('WebM、MP4 或 MOV'),
      });
    }
    const r = readVideoDuration(Buffer.concat([files['vp8.webm'].subarray(0, 40), Buffer.alloc(100)]));
    expect(r.ok ? null : r.violations[0].code).toBe('VIDEO_CORRUPT');
  });

  it('evidence video must last 15 s ± 1.5 s', () => {
    const short = readVideoDuration(files['short.webm']);
    expect(short.ok && short.value.durationMs).toBe(5_000);
    const c = checkEvidenceVideoDuration(5_000);
    expect(c.ok ? null : c.violations[0]).toMatchObject({
      code: 'VIDEO_DURATION',
      message: expect.stringContaining('15.0 秒'),
    });
    expect(checkEvidenceVideoDuration(13_500).ok).toBe(true);
    expect(checkEvidenceVideoDuration(16_500).ok).toBe(true);
    expect(checkEvidenceVideoDuration(13_499).ok).toBe(false);
    expect(checkEvidenceVideoDuration(16_501).ok).toBe(false);
    expect(checkEvidenceVideoDuration(Number.NaN).ok).toBe(false);
    expect(checkEvidenceVideoDuration(10_000, { target: 10_000, tolerance: 0 }).ok).toBe(true);
  });
});

describe('duration from the first and last chunks only', () => {
  const ends = (b: Buffer, headLen: number, tailLen: number) =>
    readVideoDurationFromEnds(b.subarray(0, headLen), b.subarray(Math.max(0, b.length - tailLen)), b.length);

  it('MP4 with moov at the end: jumps over mdat into the tail', () => {
    const b = files['mpeg4.mp4'];
    expect(b.indexOf('moov')).toBeGreaterThan(65_536); // really at the end
    near15s(ends(b, 65_536, 65_536), 'mvhd');
    near15s(ends(files['x264.mp4'], 65_536, 1024), 'mvhd');
  });

  it('fragmented MP4: the last moof in the tail', () => {
    near15s(ends(files['frag.mp4'], 65_536, 65_536), 'fragments');
  });

  it('WebM: Info Duration from the head, or the last Cluster in the tail', () => {
    near15s(ends(files['vp8.webm'], 65_536, 1024), 'segment-info');
    near15s(ends(chromeStyle(files['live.webm']), 65_536, 200_000), 'last-block');
    near15s(ends(files['live.webm'], 65_536, 200_000), 'last-block');
  });

  it('says so when the tail holds no whole Cluster, and equals the full read when the ends overlap', () => {
    const chrome = chromeStyle(files['live.webm']);
    const r = ends(chrome, 4096, 100);
    expect(r.ok ? null : r.violations[0].code).toBe('VIDEO_TAIL_TOO_SHORT');
    expect(ends(chrome, chrome.length - 10, 20)).toEqual(readVideoDuration(chrome));
    const png = ends(files['still.png'], 64, 64);
    expect(png.ok ? null : png.violations[0].code).toBe('VIDEO_CONTAINER');
  });
});
