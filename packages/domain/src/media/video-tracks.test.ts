import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVideoDuration } from './video-container';
import { checkEvidenceVideoFormat, rotationOfMatrix } from './video-tracks';

// Files shaped like what phones record (issue 15 part 4), made with ffmpeg: Safari's MediaRecorder
// (fragmented MP4, H.264/AAC), an iPhone's camera app (QuickTime MOV, HEVC/AAC, portrait),
// Android Chrome's MediaRecorder (WebM VP8 or VP9 with Opus, live: no Duration).
let dir = '';
const files: Record<string, Buffer> = {};
const picture = (size: string, seconds = 15) => [
  '-f',
  'lavfi',
  '-i',
  `testsrc=duration=${seconds}:size=${size}:rate=2`,
];
const sound = (seconds = 15) => ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`];
const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args]);
const make = (name: string, args: string[]) => {
  ffmpeg([...args, join(dir, name)]);
  files[name] = readFileSync(join(dir, name));
};
/** ffmpeg 5 writes the rotate tag only on a stream copy. */
const rotated = (from: string, name: string, degrees: number) => {
  ffmpeg(['-i', join(dir, from), '-c', 'copy', '-metadata:s:v', `rotate=${degrees}`, join(dir, name)]);
  files[name] = readFileSync(join(dir, name));
};
/** ffprobe's reading of the display matrix (counter-clockwise degrees), as a second opinion */
const ffprobeRotation = (name: string) => {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_streams', join(dir, name)], { encoding: 'utf8' });
  return Number(/rotation=(-?\d+)/.exec(out)?.[1] ?? 0);
};
const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'netsign-phone-video-'));
  make('safari.mp4', [
    ...picture('1280x720'),
    ...sound(),
    ...h264,
    '-c:a',
    'aac',
    '-movflags',
    'frag_keyframe+empty_moov+default_base_moof',
    '-f',
    'mp4',
  ]);
  make('iphone-landscape.mov', [
    ...picture('1920x1080', 3),
    ...sound(3),
    '-c:v',
    'libx265',
    '-preset',
    'ultrafast',
    '-x265-params',
    'log-level=error',
    '-tag:v',
    'hvc1',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-f',
    'mov',
  ]);
  rotated('iphone-landscape.mov', 'iphone.mov', 90);
  make('android-vp8.webm', [
    ...picture('1280x720'),
    ...sound(),
    '-c:v',
    'libvpx',
    '-deadline',
    'realtime',
    '-b:v',
    '200k',
    '-c:a',
    'libopus',
    '-live',
    '1',
    '-f',
    'webm',
  ]);
  make('android-vp9.webm', [
    ...picture('720x1280', 3),
    ...sound(3),
    '-c:v',
    'libvpx-vp9',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    '-b:v',
    '200k',
    '-c:a',
    'libopus',
    '-f',
    'webm',
  ]);
  make('mpeg4-part2.mp4', [...picture('640x480', 2), '-c:v', 'mpeg4', '-f', 'mp4']);
  make('sound-only.mp4', [...sound(2), '-c:a', 'aac', '-f', 'mp4']);
  make('thumbnail.mp4', [...picture('160x120', 2), ...h264, '-f', 'mp4']);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const formatOf = (name: string) => {
  const r = readVideoDuration(files[name]);
  if (!r.ok) throw new Error(`${name}: ${r.violations[0].message}`);
  return {
    container: r.value.container,
    durationMs: r.value.durationMs,
    format: checkEvidenceVideoFormat(r.value.tracks),
  };
};

describe("phones' recordings are accepted for what they are", () => {
  it('Safari MediaRecorder: fragmented MP4, H.264 + AAC, 720p, 15 s', () => {
    const r = formatOf('safari.mp4');
    expect(r.container).toBe('mp4');
    expect(Math.abs(r.durationMs - 15_000)).toBeLessThanOrEqual(600);
    expect(r.format).toEqual({
      ok: true,
      value: { picture: 'H.264', sound: 'AAC', width: 1280, height: 720, rotation: 0 },
    });
  });

  it('iPhone camera: QuickTime MOV, HEVC + AAC, 1080p, held upright (rotation as ffprobe reads it)', () => {
    const r = formatOf('iphone.mov');
    expect(r.container).toBe('mov');
    expect(r.format).toMatchObject({ ok: true, value: { picture: 'HEVC', sound: 'AAC', width: 1920, height: 1080 } });
    const ccw = ffprobeRotation('iphone.mov');
    expect(ccw).not.toBe(0);
    expect(r.format.ok && r.format.value.rotation).toBe((360 - ccw) % 360);
    expect(formatOf('iphone-landscape.mov').format).toMatchObject({ ok: true, value: { rotation: 0 } });
  });

  it('Android Chrome: WebM VP8 + Opus without Duration, and VP9 portrait with Duration', () => {
    const vp8 = formatOf('android-vp8.webm');
    expect(Math.abs(vp8.durationMs - 15_000)).toBeLessThanOrEqual(600);
    expect(vp8.format).toEqual({
      ok: true,
      value: { picture: 'VP8', sound: 'Opus', width: 1280, height: 720, rotation: 0 },
    });
    expect(formatOf('android-vp9.webm').format).toEqual({
      ok: true,
      value: { picture: 'VP9', sound: 'Opus', width: 720, height: 1280, rotation: 0 },
    });
  });

  it('the display matrix of an iPhone portrait recording is a quarter turn clockwise', () => {
    expect(rotationOfMatrix(0, 65536)).toBe(90);
    expect(rotationOfMatrix(-65536, 0)).toBe(180);
    expect(rotationOfMatrix(0, -65536)).toBe(270);
    expect(rotationOfMatrix(65536, 0)).toBe(0);
  });
});

describe('anything else is refused with a reason a person can act on', () => {
  it('a codec no phone records (MPEG-4 part 2)', () => {
    expect(formatOf('mpeg4-part2.mp4').format).toMatchObject({
      ok: false,
      violations: [{ code: 'VIDEO_CODEC', message: expect.stringContaining('mp4v') }],
    });
  });

  it('sound without a picture', () => {
    expect(formatOf('sound-only.mp4').format).toMatchObject({
      ok: false,
      violations: [{ code: 'VIDEO_NO_PICTURE', message: expect.stringContaining('没有画面') }],
    });
  });

  it('a picture too small to see a face in', () => {
    expect(formatOf('thumbnail.mp4').format).toMatchObject({
      ok: false,
      violations: [{ code: 'VIDEO_RESOLUTION', message: expect.stringContaining('160×120') }],
    });
  });

  it('an unknown sound codec is named', () => {
    const r = checkEvidenceVideoFormat(
      [
        { kind: 'video', codec: 'avc1', width: 640, height: 480 },
        { kind: 'audio', codec: 'ac-3' },
      ],
      'video',
    );
    expect(r).toMatchObject({
      ok: false,
      violations: [{ field: 'video', code: 'VIDEO_SOUND_CODEC', message: expect.stringContaining('ac-3') }],
    });
  });
});
