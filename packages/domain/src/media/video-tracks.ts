// What is inside an evidence video: its tracks, their codecs, picture size and rotation — read
// from the container so a phone's recording is accepted for what it is and anything else is
// refused with a reason a person can act on.
import { ok, type RuleResult } from '../rule';

export type Rotation = 0 | 90 | 180 | 270;

export interface VideoTrack {
  kind: 'video' | 'audio' | 'other';
  /** the container's codec id: an MP4 sample entry (avc1, hvc1, mp4a) or a Matroska CodecID (V_VP8) */
  codec: string;
  /** stored picture size, before rotation */
  width?: number;
  height?: number;
  /** clockwise degrees a player turns the picture (a phone held upright records 90) */
  rotation?: Rotation;
}

/** Codecs phones record: Safari and iPhone (H.264, HEVC), Android Chrome (VP8, VP9, AV1, H.264 in WebM). */
const PICTURE_CODECS: Record<string, string> = {
  avc1: 'H.264',
  avc3: 'H.264',
  hvc1: 'HEVC',
  hev1: 'HEVC',
  vp08: 'VP8',
  vp09: 'VP9',
  av01: 'AV1',
  V_VP8: 'VP8',
  V_VP9: 'VP9',
  V_AV1: 'AV1',
  'V_MPEG4/ISO/AVC': 'H.264',
  'V_MPEGH/ISO/HEVC': 'HEVC',
};
const SOUND_CODECS: Record<string, string> = {
  mp4a: 'AAC',
  Opus: 'Opus',
  lpcm: 'PCM',
  sowt: 'PCM',
  twos: 'PCM',
  A_OPUS: 'Opus',
  A_VORBIS: 'Vorbis',
  A_AAC: 'AAC',
};
export const MIN_PICTURE_SIDE = 240;

export interface EvidenceVideoFormat {
  /** e.g. H.264 */
  picture: string;
  /** e.g. AAC; null when the recording has no sound track */
  sound: string | null;
  width: number | null;
  height: number | null;
  rotation: Rotation;
}

/** Accepts what phones' MediaRecorder and camera apps produce; names the reason for anything else. */
export function checkEvidenceVideoFormat(
  tracks: readonly VideoTrack[],
  field = 'video',
): RuleResult<EvidenceVideoFormat> {
  const bad = (code: string, message: string): RuleResult<EvidenceVideoFormat> => ({
    ok: false,
    violations: [{ field, code, message }],
  });
  const video = tracks.find((t) => t.kind === 'video');
  if (!video) return bad('VIDEO_NO_PICTURE', '佐证视频中没有画面（只有声音或为空），请用手机摄像头重新录制');
  const picture = PICTURE_CODECS[video.codec];
  if (!picture) {
    return bad(
      'VIDEO_CODEC',
      `佐证视频的画面编码（${video.codec || '未知'}）不支持：请用手机相机或本页面录制（H.264、HEVC、VP8、VP9 或 AV1）`,
    );
  }
  const audio = tracks.find((t) => t.kind === 'audio');
  if (audio && !SOUND_CODECS[audio.codec]) {
    return bad(
      'VIDEO_SOUND_CODEC',
      `佐证视频的声音编码（${audio.codec || '未知'}）不支持：请用手机相机或本页面录制（AAC 或 Opus）`,
    );
  }
  const { width, height } = video;
  if (width && height && Math.min(width, height) < MIN_PICTURE_SIDE) {
    return bad(
      'VIDEO_RESOLUTION',
      `佐证视频画面太小（${width}×${height}），短边至少 ${MIN_PICTURE_SIDE} 像素，请用手机摄像头重新录制`,
    );
  }
  return ok({
    picture,
    sound: audio ? SOUND_CODECS[audio.codec]! : null,
    width: width ?? null,
    height: height ?? null,
    rotation: video.rotation ?? 0,
  });
}

/** Rotation from an ISO BMFF display matrix's first row (a, b in 16.16), as players apply it. */
export function rotationOfMatrix(a: number, b: number): Rotation {
  const deg = Math.round((Math.atan2(b, a) * 180) / Math.PI / 90) * 90;
  return (((deg % 360) + 360) % 360) as Rotation;
}
