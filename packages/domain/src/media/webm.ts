// WebM (Matroska/EBML) duration: Segment Info Duration when written, else the end of the last
// block. Chrome's MediaRecorder writes a live stream: unknown-size Segment and Clusters and no
// Duration, so the last Cluster Timecode + the largest block offset is the only clock there is.
import { ChunkParser, type Step } from './chunk-parser';
import type { VideoTrack } from './video-tracks';

const ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  CodecID: 0x86,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  DefaultDuration: 0x23e383,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  BlockDuration: 0x9b,
} as const;
// Masters we step into (their children follow directly); everything else unneeded is skipped.
const DESCEND = new Set<number>([
  ID.EBML,
  ID.Segment,
  ID.Info,
  ID.Tracks,
  ID.TrackEntry,
  ID.Video,
  ID.Cluster,
  ID.BlockGroup,
]);
const READ = new Set<number>([
  ID.DocType,
  ID.TimecodeScale,
  ID.Duration,
  ID.TrackNumber,
  ID.TrackType,
  ID.CodecID,
  ID.PixelWidth,
  ID.PixelHeight,
  ID.DefaultDuration,
  ID.Timecode,
  ID.BlockDuration,
]);
const TRACK_KIND: Record<number, VideoTrack['kind']> = { 1: 'video', 2: 'audio' };

/** Reads an EBML variable-length integer. For IDs the marker bit is kept. */
function vint(
  buf: Uint8Array,
  pos: number,
  keepMarker: boolean,
): { value: number; length: number; unknown: boolean } | null | 'bad' {
  if (pos >= buf.length) return null;
  const first = buf[pos];
  if (first === 0) return 'bad';
  const length = Math.clz32(first) - 23; // leading zeros within the byte + 1
  if (keepMarker ? length > 4 : length > 8) return 'bad';
  if (pos + length > buf.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + buf[pos + i];
    if (buf[pos + i] !== 0xff) allOnes = false;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

function readUint(b: Uint8Array): number {
  let v = 0;
  for (const x of b) v = v * 256 + x;
  return v;
}

export interface WebmDuration {
  durationMs: number;
  source: 'segment-info' | 'last-block';
  docType: string;
  tracks: VideoTrack[];
}

export class WebmDurationParser extends ChunkParser {
  private docType = '';
  private timecodeScale = 1_000_000; // ns per tick, Matroska default
  private infoDuration: number | null = null; // in ticks (float)
  private clusterTimecode: number | null = null;
  private maxEndTicks = -1;
  private lastBlockTicks = 0;
  private currentTrack: { number: number; defaultDurationNs: number } | null = null;
  private tracks = new Map<number, number>(); // track number → default duration ns
  private trackInfo: VideoTrack[] = []; // in TrackEntry order
  private started = false;
  /** IDs that must come next, in order (checks a guessed Cluster start in a file's tail) */
  private expectIds: number[] = [];

  /** A parser for the file's tail, starting at a Cluster, that knows what the head said. */
  tailParser(): WebmDurationParser {
    const t = new WebmDurationParser();
    t.started = true;
    t.docType = this.docType;
    t.timecodeScale = this.timecodeScale;
    t.tracks = new Map(this.tracks);
    t.trackInfo = this.trackInfo;
    t.expectIds = [ID.Cluster, ID.Timecode];
    return t;
  }

  get hasInfoDuration(): boolean {
    return this.infoDuration !== null && this.infoDuration > 0;
  }

  protected step(buf: Uint8Array): Step {
    if (!this.started) {
      if (buf.length < 4) return null;
      if (readUint(buf.subarray(0, 4)) !== ID.EBML) {
        this.error = '不是 WebM 文件：缺少 EBML 文件头';
        return null;
      }
      this.started = true;
    }
    const id = vint(buf, 0, true);
    if (id === null) return null;
    if (id === 'bad') return this.fail();
    const size = vint(buf, id.length, false);
    if (size === null) return null;
    if (size === 'bad') return this.fail();
    const head = id.length + size.length;
    if (this.expectIds.length && this.expectIds.shift() !== id.value) return this.fail();
    if (DESCEND.has(id.value)) {
      if (id.value === ID.TrackEntry) {
        this.currentTrack = { number: 0, defaultDurationNs: 0 };
        this.trackInfo.push({ kind: 'other', codec: '' });
      }
      return { consume: head };
    }
    if (size.unknown) return this.fail();
    if (READ.has(id.value)) {
      if (size.value > 64) return this.fail();
      if (buf.length < head + size.value) return null;
      this.leaf(id.value, buf.subarray(head, head + size.value));
      return { consume: head + size.value };
    }
    if (id.value === ID.SimpleBlock || id.value === ID.Block) {
      // Block header: track number (vint), int16 timecode relative to the cluster, flags.
      const need = Math.min(size.value, 11);
      if (buf.length < head + need) return null;
      const track = vint(buf.subarray(head, head + need), 0, false);
      if (!track || track === 'bad' || track.length + 2 > size.value) return this.fail();
      const p = head + track.length;
      const rel = (((buf[p] << 8) | buf[p + 1]) << 16) >> 16; // sign-extend int16
      this.block(track.value, rel);
      return { consume: head, skip: size.value };
    }
    return { consume: head, skip: size.value };
  }

  private fail(): Step {
    this.error = 'WebM 文件结构损坏：无法解析 EBML 元素';
    return null;
  }

  private leaf(id: number, data: Uint8Array): void {
    switch (id) {
      case ID.DocType:
        this.docType = new TextDecoder().decode(data).replace(/\0+$/, '');
        break;
      case ID.TimecodeScale:
        this.timecodeScale = readUint(data) || 1_000_000;
        break;
      case ID.Duration: {
        const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
        this.infoDuration = data.length === 4 ? dv.getFloat32(0) : data.length === 8 ? dv.getFloat64(0) : null;
        break;
      }
      case ID.TrackNumber:
        if (this.currentTrack) this.currentTrack.number = readUint(data);
        this.commitTrack();
        break;
      case ID.DefaultDuration:
        if (this.currentTrack) this.currentTrack.defaultDurationNs = readUint(data);
        this.commitTrack();
        break;
      case ID.TrackType: {
        const t = this.trackInfo.at(-1);
        if (t) t.kind = TRACK_KIND[readUint(data)] ?? 'other';
        break;
      }
      case ID.CodecID: {
        const t = this.trackInfo.at(-1);
        if (t) t.codec = new TextDecoder('latin1').decode(data).replace(/\0+$/, '');
        break;
      }
      case ID.PixelWidth:
      case ID.PixelHeight: {
        const t = this.trackInfo.at(-1);
        if (t) t[id === ID.PixelWidth ? 'width' : 'height'] = readUint(data);
        break;
      }
      case ID.Timecode:
        this.clusterTimecode = readUint(data);
        break;
      case ID.BlockDuration:
        this.maxEndTicks = Math.max(this.maxEndTicks, this.lastBlockTicks + readUint(data));
        break;
    }
  }

  private commitTrack(): void {
    if (this.currentTrack?.number) this.tracks.set(this.currentTrack.number, this.currentTrack.defaultDurationNs);
  }

  private block(track: number, rel: number): void {
    if (this.clusterTimecode === null) return;
    const t = this.clusterTimecode + rel;
    this.lastBlockTicks = t;
    // A frame lasts its track's default duration when the muxer wrote one (Chrome does not).
    const frame = (this.tracks.get(track) ?? 0) / this.timecodeScale;
    this.maxEndTicks = Math.max(this.maxEndTicks, t + frame);
  }

  result(): { ok: true; value: WebmDuration } | { ok: false; message: string } {
    if (this.error) return { ok: false, message: this.error };
    if (this.docType && this.docType !== 'webm' && this.docType !== 'matroska') {
      return { ok: false, message: `EBML 文档类型为 ${this.docType}，不是 WebM` };
    }
    const ms = (ticks: number) => Math.round((ticks * this.timecodeScale) / 1e6);
    if (this.infoDuration !== null && this.infoDuration > 0) {
      return {
        ok: true,
        value: {
          durationMs: ms(this.infoDuration),
          source: 'segment-info',
          docType: this.docType,
          tracks: this.trackInfo,
        },
      };
    }
    if (this.maxEndTicks >= 0) {
      return {
        ok: true,
        value: {
          durationMs: ms(this.maxEndTicks),
          source: 'last-block',
          docType: this.docType,
          tracks: this.trackInfo,
        },
      };
    }
    return { ok: false, message: 'WebM 文件中没有时长信息，也没有任何视频帧' };
  }
}
