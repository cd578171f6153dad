// File type by its first bytes (magic numbers), never by its name or the client's Content-Type.

export type SniffedType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf' | 'video/webm' | 'video/mp4';

export const SNIFF_HEAD_BYTES = 64;

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

// ftyp brands of audio-only or image formats that share the ISO BMFF box layout.
const NOT_VIDEO_BRANDS = new Set(['heic', 'heix', 'mif1', 'msf1', 'avif', 'avis', 'M4A ', 'M4B ', 'crx ', 'jp2 ']);

/** Detects the type from the first bytes of a file (64 are plenty); null when not one of ours. */
export function sniffFileType(head: Uint8Array): SniffedType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    // EBML: WebM names its DocType in the header; Matroska (mkv) is not accepted as WebM.
    const text = new TextDecoder('latin1').decode(head.subarray(0, SNIFF_HEAD_BYTES));
    const i = text.indexOf('\x42\x82');
    if (i >= 0 && text.slice(i + 3, i + 3 + 4) === 'webm') return 'video/webm';
    return null;
  }
  if (startsWith(head, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...head.subarray(8, 12));
    return NOT_VIDEO_BRANDS.has(brand) ? null : 'video/mp4';
  }
  return null;
}

export const SNIFFED_LABELS: Record<SniffedType, string> = {
  'image/jpeg': 'JPEG 图片',
  'image/png': 'PNG 图片',
  'image/webp': 'WebP 图片',
  'application/pdf': 'PDF 文档',
  'video/webm': 'WebM 视频',
  'video/mp4': 'MP4 视频',
};
