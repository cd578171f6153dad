import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffFileType } from './sniff';

let dir = '';
const head: Record<string, Buffer> = {};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'netsign-sniff-'));
  const img = ['-f', 'lavfi', '-i', 'testsrc=size=32x32', '-frames:v', '1'];
  const vid = ['-f', 'lavfi', '-i', 'testsrc=duration=1:size=32x32:rate=5'];
  const make = (name: string, args: string[]) => {
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args, join(dir, name)]);
    head[name] = readFileSync(join(dir, name)).subarray(0, 64);
  };
  make('a.jpg', img);
  make('a.png', img);
  make('a.webp', img);
  make('a.webm', [...vid, '-c:v', 'libvpx']);
  make('a.mp4', [...vid, '-c:v', 'mpeg4']);
  make('a.mkv', [...vid, '-c:v', 'libvpx', '-f', 'matroska']);
  make('a.gif', img);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sniffFileType', () => {
  it('recognises real files by their bytes', () => {
    expect(sniffFileType(head['a.jpg'])).toBe('image/jpeg');
    expect(sniffFileType(head['a.png'])).toBe('image/png');
    expect(sniffFileType(head['a.webp'])).toBe('image/webp');
    expect(sniffFileType(head['a.webm'])).toBe('video/webm');
    expect(sniffFileType(head['a.mp4'])).toBe('video/mp4');
    expect(sniffFileType(Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'))).toBe('application/pdf');
  });

  it('rejects what is not on the list, whatever it is called', () => {
    expect(sniffFileType(head['a.mkv'])).toBeNull();
    expect(sniffFileType(head['a.gif'])).toBeNull();
    expect(sniffFileType(Buffer.from('<html><body>photo.jpg</body></html>'))).toBeNull();
    expect(sniffFileType(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'))).toBeNull();
    expect(sniffFileType(new Uint8Array(0))).toBeNull();
  });

  it('a changed first byte is no longer recognised', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('a.jpg', 'a.png', 'a.webp', 'a.webm'),
        fc.integer({ min: 1, max: 255 }),
        (name, x) => {
          const b = Buffer.from(head[name]);
          b[0] ^= x;
          expect(sniffFileType(b)).not.toBe(sniffFileType(head[name]));
        },
      ),
    );
  });
});
