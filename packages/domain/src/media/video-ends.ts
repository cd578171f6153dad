// Duration from a stored video's first and last chunks (e.g. two range reads from the blob store),
// without reading the middle: MP4 puts moov at the end unless "faststart"; a MediaRecorder WebM has
// no Duration, so its last Cluster is needed.
import { ok, type RuleResult } from '../rule';
import { Mp4DurationParser } from './isobmff';
import { detectVideoContainer, type VideoDuration } from './video-container';
import { WebmDurationParser } from './webm';

const CLUSTER = [0x1f, 0x43, 0xb6, 0x75];
const MOOF = [0x6d, 0x6f, 0x6f, 0x66]; // "moof", 4 bytes after its box start

function lastIndexOf(b: Uint8Array, sig: number[], before: number): number {
  for (let i = Math.min(before, b.length - sig.length); i >= 0; i--) {
    if (sig.every((x, k) => b[i + k] === x)) return i;
  }
  return -1;
}

/**
 * `head` is bytes [0, head.length) of a file of `size` bytes, `tail` its last tail.length bytes.
 * Give at least a few hundred kB of tail: the last WebM Cluster must start inside it.
 */
export function readVideoDurationFromEnds(
  head: Uint8Array,
  tail: Uint8Array,
  size: number,
  field = 'video',
): RuleResult<VideoDuration> {
  const bad = (code: string, message: string): RuleResult<VideoDuration> => ({
    ok: false,
    violations: [{ field, code, message }],
  });
  const container = detectVideoContainer(head);
  if (!container) return bad('VIDEO_CONTAINER', '佐证视频格式不支持：只接受 WebM、MP4 或 MOV（手机录制）视频文件');
  const tailStart = size - tail.length;
  if (tailStart < 0 || head.length > size) return bad('VIDEO_CORRUPT', '佐证视频无法读取：文件首尾数据与文件大小不符');
  type Parsed =
    | { ok: true; value: Pick<VideoDuration, 'durationMs' | 'source' | 'tracks'> }
    | { ok: false; message: string };
  const done = (r: Parsed): RuleResult<VideoDuration> =>
    r.ok
      ? ok({ container, durationMs: r.value.durationMs, source: r.value.source, tracks: r.value.tracks })
      : bad('VIDEO_CORRUPT', `佐证视频无法读取：${r.message}`);

  if (tailStart <= head.length) {
    // Head and tail overlap: that is the whole file.
    const whole = new Uint8Array(size);
    whole.set(tail, tailStart);
    whole.set(head, 0);
    const p = container === 'webm' ? new WebmDurationParser() : new Mp4DurationParser();
    p.push(whole);
    return done(p.result());
  }

  if (container === 'mp4') {
    const p = new Mp4DurationParser();
    p.push(head);
    const next = p.nextOffset;
    // Top-level boxes after mdat (moov at the end) start in the tail: jump there.
    if (next !== null && next >= tailStart && next < size) {
      p.seek(next);
      p.push(tail.subarray(next - tailStart));
    }
    const r = p.result();
    if (r.ok && r.value.source !== 'fragments') return done(r);
    // Fragmented: the last moof says where the movie ends (the head's moofs are only the start).
    for (let i = lastIndexOf(tail, MOOF, tail.length); i >= 4; i = lastIndexOf(tail, MOOF, i - 1)) {
      const t = p.tailParser();
      t.push(tail.subarray(i - 4));
      const tr = t.result();
      if (tr.ok) return done(tr);
    }
    return done(r);
  }

  const p = new WebmDurationParser();
  p.push(head);
  if (p.hasInfoDuration) return done(p.result());
  for (let i = lastIndexOf(tail, CLUSTER, tail.length); i >= 0; i = lastIndexOf(tail, CLUSTER, i - 1)) {
    const t = p.tailParser();
    t.push(tail.subarray(i));
    const r = t.result();
    if (r.ok) return done(r);
  }
  return bad('VIDEO_TAIL_TOO_SHORT', '佐证视频无法读取时长：文件末尾数据中没有完整的 Cluster，请提供更长的末尾数据');
}
