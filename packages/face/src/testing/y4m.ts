// A .y4m clip for Chromium's fake camera (--use-file-for-fake-video-capture=<file>.y4m), made
// with ffmpeg from frames such as synthesizeChallenge's. Chromium loops the file.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Y4mOptions {
  /** frames a second of the clip (default 15) */
  fps?: number;
  /** how long each input frame is shown, seconds (default 0.2: a 10-frame challenge lasts 2 s) */
  secondsPerFrame?: number;
  /** output size (default 640×480, what getUserMedia asks for by default) */
  width?: number;
  height?: number;
}

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${err}`))));
  });
}

/** Write `frames` (JPEG/PNG bytes) as a YUV4MPEG2 clip at `out`. */
export async function writeY4m(frames: Buffer[], out: string, options: Y4mOptions = {}): Promise<void> {
  if (frames.length === 0) throw new Error('writeY4m: no frames');
  const fps = options.fps ?? 15;
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const dir = await mkdtemp(path.join(tmpdir(), 'netsign-y4m-'));
  try {
    const list: string[] = [];
    for (const [i, f] of frames.entries()) {
      const file = path.join(dir, `f${String(i).padStart(4, '0')}.img`);
      await writeFile(file, f);
      list.push(`file '${file}'`, `duration ${options.secondsPerFrame ?? 0.2}`);
    }
    list.push(`file '${path.join(dir, `f${String(frames.length - 1).padStart(4, '0')}.img`)}'`); // concat needs the last file twice
    await writeFile(path.join(dir, 'list.txt'), list.join('\n'));
    await ffmpeg([
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      path.join(dir, 'list.txt'),
      '-vf',
      `scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,fps=${fps},format=yuv420p`,
      '-f',
      'yuv4mpegpipe',
      out,
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
