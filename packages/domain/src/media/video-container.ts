// Evidence video (佐证视频): which container it is and how long it lasts, read from its bytes.
import { ok, type RuleResult } from '../rule';
import { Mp4DurationParser } from './isobmff';
import { sniffFileType } from './sniff';
import { WebmDurationParser } from './webm';
import type { VideoTrack } from './video-tracks';

/** mov: QuickTime (ftyp brand `qt  `), as an iPhone's camera app writes it */
export type VideoContainer = 'webm' | 'mp4' | 'mov';

export interface VideoDuration {
  container: VideoContainer;
  durationMs: number;
  /** where the duration came from */
  source: 'segment-info' | 'last-block' | 'mvhd' | 'mehd' | 'fragments';
  tracks: VideoTrack[];
}

export function detectVideoContainer(head: Uint8Array): VideoContainer | null {
  const t = sniffFileType(head);
  return t === 'video/webm' ? 'webm' : t === 'video/mp4' ? 'mp4' : null;
}

/**
 * Streams a video's bytes in order (e.g. while writing the upload to the store) and reads its
 * duration, keeping only a few bytes in memory: push every chunk, then call result().
 */
export class VideoDurationScanner {
  private head = new Uint8Array(0);
  private parser: WebmDurationParser | Mp4DurationParser | null = null;
  private container: VideoContainer | null = null;
  private unknown = false;

  constructor(private readonly field = 'video') {}

  push(chunk: Uint8Array): void {
    if (this.unknown) return;
    if (!this.parser) {
      // Wait for enough bytes to recognise the container.
      const h = new Uint8Array(this.head.length + chunk.length);
      h.set(this.head);
      h.set(chunk, this.head.length);
      if (h.length < 64 && chunk.length > 0) {
        this.head = h;
        return;
      }
      this.head = new Uint8Array(0);
      this.container = detectVideoContainer(h);
      if (!this.container) {
        this.unknown = true;
        return;
      }
      this.parser = this.container === 'webm' ? new WebmDurationParser() : new Mp4DurationParser();
      this.parser.push(h);
      return;
    }
    this.parser.push(chunk);
  }

  result(): RuleResult<VideoDuration> {
    if (!this.parser && !this.unknown && this.head.length > 0) this.push(new Uint8Array(0));
    if (!this.parser || !this.container) {
      return {
        ok: false,
        violations: [
          {
            field: this.field,
            code: 'VIDEO_CONTAINER',
            message: '佐证视频格式不支持：只接受 WebM、MP4 或 MOV（手机录制）视频文件',
          },
        ],
      };
    }
    const r = this.parser.result();
    if (!r.ok)
      return {
        ok: false,
        violations: [{ field: this.field, code: 'VIDEO_CORRUPT', message: `佐证视频无法读取：${r.message}` }],
      };
    const container =
      this.container === 'mp4' && 'brand' in r.value && r.value.brand === 'qt  ' ? 'mov' : this.container;
    return ok({ container, durationMs: r.value.durationMs, source: r.value.source, tracks: r.value.tracks });
  }
}

/** Container and duration of a whole file in memory (tests, small files). */
export function readVideoDuration(bytes: Uint8Array, field = 'video'): RuleResult<VideoDuration> {
  const s = new VideoDurationScanner(field);
  s.push(bytes);
  return s.result();
}

export interface DurationRule {
  /** ms */
  target: number;
  /** ms either side */
  tolerance: number;
}
export const EVIDENCE_VIDEO_DURATION: DurationRule = { target: 15_000, tolerance: 1_500 };

/** The evidence video must last 15 s ± 1.5 s (issue 4). */
export function checkEvidenceVideoDuration(
  durationMs: number,
  rule: Partial<DurationRule> = {},
  field = 'video',
): RuleResult<number> {
  const { target: targetMs, tolerance: toleranceMs } = { ...EVIDENCE_VIDEO_DURATION, ...rule };
  if (!Number.isFinite(durationMs) || Math.abs(durationMs - targetMs) > toleranceMs) {
    const s = (ms: number) => (ms / 1000).toFixed(1);
    return {
      ok: false,
      violations: [
        {
          field,
          code: 'VIDEO_DURATION',
          message: `佐证视频时长应为 ${s(targetMs)} 秒（允许 ±${s(toleranceMs)} 秒），实际为 ${Number.isFinite(durationMs) ? s(durationMs) : '未知'} 秒`,
        },
      ],
    };
  }
  return ok(durationMs);
}
