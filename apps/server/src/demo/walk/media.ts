import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

/** A handwritten-looking signature drawn as strokes, as the signature pad would give it. */
export function signaturePng(seed = 1) {
  const d = `M20 120 C 60 ${20 + seed * 7} 90 170 130 90 S 200 40 230 120 C 250 160 280 60 320 100 M 340 70 L 360 140 M 380 90 C 420 60 440 150 480 100`;
  return sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="520" height="200"><rect width="520" height="200" fill="#fff"/><path d="${d}" stroke="#111" stroke-width="6" fill="none" stroke-linecap="round"/></svg>`,
    ),
  )
    .png()
    .toBuffer();
}

/** A plain card back for documents without a separate back page (e.g. a passport's next page). */
export function documentBackPng(label: string) {
  return sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="600" font-family="Noto Sans CJK SC, sans-serif"><rect width="900" height="600" fill="#f3f0e6"/><text x="60" y="120" font-size="40">${label}</text><text x="60" y="560" font-size="28" fill="#c00">样本 SPECIMEN</text></svg>`,
    ),
  )
    .png()
    .toBuffer();
}

/** A 15-second WebM, as a phone's MediaRecorder would send, made with ffmpeg (mpeg4: an MP4 no phone makes). */
export async function evidenceVideoWebm(seconds = 15, codec: 'vp8' | 'mpeg4' = 'vp8'): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'netsign-video-'));
  try {
    const out = join(dir, codec === 'vp8' ? 'v.webm' : 'v.mp4');
    const encode = codec === 'vp8' ? ['-c:v', 'libvpx', '-b:v', '200k', '-deadline', 'realtime'] : ['-c:v', 'mpeg4'];
    await promisify(execFile)('ffmpeg', [
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc=duration=${seconds}:size=320x240:rate=10`,
      ...encode,
      '-y',
      out,
    ]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
