// MP4 / ISO BMFF duration: mvhd duration ÷ timescale; for fragmented files (Safari's MediaRecorder
// writes mvhd duration 0) the mehd fragment duration, else the end of the last track fragment.
// Each trak's handler, sample entry and tkhd size/matrix say what its track holds.
import { ChunkParser, type Step } from './chunk-parser';
import { rotationOfMatrix, type VideoTrack } from './video-tracks';

const DESCEND = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'mvex', 'moof', 'traf']);
const READ = new Set(['ftyp', 'mvhd', 'tkhd', 'mdhd', 'hdlr', 'stsd', 'mehd', 'trex', 'tfhd', 'tfdt', 'trun']);
const MAX_LEAF = 4 * 1024 * 1024;

const type4 = (b: Uint8Array, p: number) => String.fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);

export interface Mp4Duration {
  durationMs: number;
  source: 'mvhd' | 'mehd' | 'fragments';
  brand: string;
  tracks: VideoTrack[];
}

interface TrackClock {
  timescale: number;
  defaultSampleDuration: number;
  /** end of the last fragment seen, in the track's timescale */
  end: number;
}

export class Mp4DurationParser extends ChunkParser {
  private brand = '';
  private movieTimescale = 0;
  private movieDuration = 0;
  private fragmentDuration = 0;
  private trackId = 0; // of the trak / traf being read
  private tracks = new Map<number, TrackClock>();
  private fragDefaultDuration = 0; // from tfhd
  private fragBase: number | null = null; // from tfdt
  private sawFtyp = false;
  private trakInfo: VideoTrack[] = []; // in trak order, from moov

  /** A parser for the file's tail, starting at a moof, that knows the head's tracks. */
  tailParser(): Mp4DurationParser {
    const t = new Mp4DurationParser();
    t.sawFtyp = true;
    t.brand = this.brand;
    t.trakInfo = this.trakInfo;
    for (const [id, c] of this.tracks) t.tracks.set(id, { ...c, end: 0 });
    return t;
  }

  private track(id: number): TrackClock {
    let t = this.tracks.get(id);
    if (!t) this.tracks.set(id, (t = { timescale: 0, defaultSampleDuration: 0, end: 0 }));
    return t;
  }

  protected step(buf: Uint8Array): Step {
    if (buf.length < 8) return null;
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let size = dv.getUint32(0);
    const type = type4(buf, 4);
    let head = 8;
    if (size === 1) {
      if (buf.length < 16) return null;
      size = Number(dv.getBigUint64(8));
      head = 16;
    } else if (size === 0) {
      // Box runs to the end of the file: nothing after it.
      this.done = true;
      return null;
    }
    if (!this.sawFtyp) {
      if (type !== 'ftyp') {
        this.error = '不是 MP4 文件：第一个 box 不是 ftyp';
        return null;
      }
      this.sawFtyp = true;
    }
    if (size < head || !/^[\x20-\x7e]{4}$/.test(type)) {
      this.error = 'MP4 文件结构损坏：box 大小或类型无效';
      return null;
    }
    if (DESCEND.has(type)) {
      if (type === 'trak') this.trakInfo.push({ kind: 'other', codec: '' });
      if (type === 'traf') {
        this.fragDefaultDuration = 0;
        this.fragBase = null;
      }
      return { consume: head };
    }
    if (READ.has(type) && size - head <= MAX_LEAF) {
      if (buf.length < size) return null;
      this.leaf(type, new DataView(buf.buffer, buf.byteOffset + head, size - head));
      return { consume: size };
    }
    return { consume: head, skip: size - head };
  }

  private leaf(type: string, d: DataView): void {
    const v1 = d.byteLength > 0 && d.getUint8(0) === 1;
    const u64 = (p: number) => Number(d.getBigUint64(p));
    switch (type) {
      case 'ftyp':
        this.brand = String.fromCharCode(d.getUint8(0), d.getUint8(1), d.getUint8(2), d.getUint8(3));
        break;
      case 'mvhd':
        this.movieTimescale = d.getUint32(v1 ? 20 : 12);
        this.movieDuration = v1 ? u64(24) : d.getUint32(16);
        // 0xFFFFFFFF (v0) means unknown
        if (!v1 && this.movieDuration === 0xffffffff) this.movieDuration = 0;
        break;
      case 'tkhd': {
        this.trackId = d.getUint32(v1 ? 20 : 12);
        const m = v1 ? 52 : 40; // display matrix, then width and height (16.16)
        const t = this.trakInfo.at(-1);
        if (t && d.byteLength >= m + 44) {
          t.rotation = rotationOfMatrix(d.getInt32(m), d.getInt32(m + 4));
          t.width = d.getUint32(m + 36) >>> 16;
          t.height = d.getUint32(m + 40) >>> 16;
        }
        break;
      }
      case 'hdlr': {
        const t = this.trakInfo.at(-1);
        const h = d.byteLength >= 12 ? type4(new Uint8Array(d.buffer, d.byteOffset, 12), 8) : '';
        // QuickTime also has a data handler (alis) in minf: only the media handler says the kind
        if (t && (h === 'vide' || h === 'soun')) t.kind = h === 'vide' ? 'video' : 'audio';
        break;
      }
      case 'stsd': {
        // first sample entry: size, then its type (the codec's four characters)
        const t = this.trakInfo.at(-1);
        if (t && d.byteLength >= 16) t.codec = type4(new Uint8Array(d.buffer, d.byteOffset, 16), 12);
        break;
      }
      case 'mdhd':
        this.track(this.trackId).timescale = d.getUint32(v1 ? 20 : 12);
        break;
      case 'mehd':
        this.fragmentDuration = v1 ? u64(4) : d.getUint32(4);
        break;
      case 'trex':
        this.track(d.getUint32(4)).defaultSampleDuration = d.getUint32(12);
        break;
      case 'tfhd': {
        const flags = d.getUint32(0) & 0xffffff;
        this.trackId = d.getUint32(4);
        let p = 8;
        if (flags & 0x01) p += 8; // base data offset
        if (flags & 0x02) p += 4; // sample description index
        this.fragDefaultDuration = flags & 0x08 ? d.getUint32(p) : this.track(this.trackId).defaultSampleDuration;
        break;
      }
      case 'tfdt':
        this.fragBase = v1 ? u64(4) : d.getUint32(4);
        break;
      case 'trun': {
        const flags = d.getUint32(0) & 0xffffff;
        const count = d.getUint32(4);
        let p = 8;
        if (flags & 0x01) p += 4; // data offset
        if (flags & 0x04) p += 4; // first sample flags
        const fields = [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length;
        let total = 0;
        for (let i = 0; i < count && p + fields * 4 <= d.byteLength; i++) {
          total += flags & 0x100 ? d.getUint32(p) : this.fragDefaultDuration;
          p += fields * 4;
        }
        const t = this.track(this.trackId);
        const start = this.fragBase ?? t.end;
        t.end = start + total;
        this.fragBase = t.end; // a second trun in the same traf continues from here
        break;
      }
    }
  }

  result(): { ok: true; value: Mp4Duration } | { ok: false; message: string } {
    if (this.error) return { ok: false, message: this.error };
    if (!this.sawFtyp) return { ok: false, message: '不是 MP4 文件：缺少 ftyp' };
    const ms = (v: number, scale: number) => Math.round((v * 1000) / scale);
    if (this.movieTimescale > 0 && this.movieDuration > 0) {
      return {
        ok: true,
        value: {
          durationMs: ms(this.movieDuration, this.movieTimescale),
          source: 'mvhd',
          brand: this.brand,
          tracks: this.trakInfo,
        },
      };
    }
    if (this.movieTimescale > 0 && this.fragmentDuration > 0) {
      return {
        ok: true,
        value: {
          durationMs: ms(this.fragmentDuration, this.movieTimescale),
          source: 'mehd',
          brand: this.brand,
          tracks: this.trakInfo,
        },
      };
    }
    let best = -1;
    for (const t of this.tracks.values())
      if (t.timescale > 0 && t.end > 0) best = Math.max(best, ms(t.end, t.timescale));
    if (best >= 0)
      return { ok: true, value: { durationMs: best, source: 'fragments', brand: this.brand, tracks: this.trakInfo } };
    return { ok: false, message: 'MP4 文件中没有 moov/mvhd 时长信息' };
  }
}
