// ASiC-E containers (ETSI EN 319 162-1) with a CAdES signature: a ZIP whose first entry is
// `mimetype` (stored, no extra field, "application/vnd.etsi.asic-e+zip" — so the type is at fixed
// offsets 30 and 38, as IANA's registration gives it), the data objects, META-INF/ASiCManifest.xml
// listing each with its digest, and META-INF/signature.p7s, a detached CAdES signature of the
// manifest. The ZIP itself is written and read by fflate; this file keeps the ASiC rules.
import { createHash } from 'node:crypto';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { SHA256_METHOD, writeManifest } from './asic-manifest.ts';

export const ASICE_MIMETYPE = 'application/vnd.etsi.asic-e+zip';
export const MANIFEST_PATH = 'META-INF/ASiCManifest.xml';
export const SIGNATURE_PATH = 'META-INF/signature.p7s';
export const SIGNATURE_MIMETYPE = 'application/pkcs7-signature';

export interface AsiceFile {
  path: string;
  data: Uint8Array;
  mimeType: string;
}

/** Names every ZIP tool extracts the same way: ASCII, relative, no `.`/`..`, not all digits, not META-INF. */
const PATH = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
export function checkPath(path: string): void {
  if (
    !PATH.test(path) ||
    /^\d+$/.test(path) ||
    path === 'mimetype' ||
    path.startsWith('META-INF/') ||
    path.length > 400
  ) {
    throw new Error(`not a container path for a data object: ${JSON.stringify(path)}`);
  }
}

/** Already compressed (images, video, PDF streams): stored, so the bytes in the ZIP are the file's own. */
const STORE = /^(image|video|audio)\/|^application\/(pdf|zip|pkcs7-signature|octet-stream)$/;

export interface WrittenAsice {
  zip: Buffer;
  manifest: Buffer;
  signature: Buffer;
}

/**
 * Writes the container: `sign` gets the manifest bytes and returns the CAdES signature (DER).
 * `mtime` is the time every entry carries (ZIP stores local time to 2 s).
 */
export async function writeAsice(
  files: AsiceFile[],
  sign: (manifest: Buffer) => Promise<Buffer>,
  o: { mtime?: Date } = {},
): Promise<WrittenAsice> {
  const seen = new Set<string>();
  for (const f of files) {
    checkPath(f.path);
    if (seen.has(f.path)) throw new Error(`two files at ${f.path}`);
    seen.add(f.path);
  }
  const manifest = writeManifest({
    signature: { path: SIGNATURE_PATH, mimeType: SIGNATURE_MIMETYPE },
    references: files.map((f) => ({
      path: f.path,
      mimeType: f.mimeType,
      digestMethod: SHA256_METHOD,
      digest: createHash('sha256').update(f.data).digest(),
    })),
  });
  const signature = await sign(manifest);
  const mtime = o.mtime ?? new Date();
  const entry = (data: Uint8Array, stored: boolean): Zippable[string] => [data, { level: stored ? 0 : 6, mtime }];
  // insertion order is ZIP order (no key is all digits, so none is moved ahead by JS)
  const zippable: Zippable = { mimetype: entry(Buffer.from(ASICE_MIMETYPE, 'ascii'), true) };
  for (const f of files) zippable[f.path] = entry(f.data, STORE.test(f.mimeType));
  zippable[MANIFEST_PATH] = entry(manifest, false);
  zippable[SIGNATURE_PATH] = entry(signature, true);
  const zip = zipSync(zippable);
  return { zip: Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength), manifest, signature };
}

export interface ContainerProblem {
  code: string;
  path?: string;
  zh: string;
  en: string;
}
export interface ReadAsice {
  files: Map<string, Buffer>;
  order: string[];
  problems: ContainerProblem[];
}

/** Refuse to inflate more than this from one container (a ZIP bomb is a problem, not a crash). */
export const MAX_CONTAINER_BYTES = 4 * 1024 ** 3;

/**
 * The container's files (directories skipped) and what is wrong with its ZIP structure or its
 * `mimetype`. Throws only when the bytes are not a ZIP at all.
 */
export function readAsice(zip: Uint8Array, o: { maxBytes?: number } = {}): ReadAsice {
  const problems: ContainerProblem[] = [];
  const order: string[] = [];
  const counts = new Map<string, number>();
  let total = 0;
  const unsupported: string[] = [];
  const raw = unzipSync(zip, {
    filter: (f) => {
      order.push(f.name);
      counts.set(f.name, (counts.get(f.name) ?? 0) + 1);
      total += f.originalSize;
      if (f.compression !== 0 && f.compression !== 8) {
        unsupported.push(f.name);
        return false;
      }
      return !f.name.endsWith('/') && total <= (o.maxBytes ?? MAX_CONTAINER_BYTES);
    },
  });
  if (total > (o.maxBytes ?? MAX_CONTAINER_BYTES))
    problems.push({
      code: 'CONTAINER_TOO_LARGE',
      zh: `容器解压后超过 ${o.maxBytes ?? MAX_CONTAINER_BYTES} 字节，未全部读取`,
      en: `the container inflates to more than ${o.maxBytes ?? MAX_CONTAINER_BYTES} bytes; not all of it was read`,
    });
  for (const name of unsupported)
    problems.push({
      code: 'ENTRY_UNREADABLE',
      path: name,
      zh: `${name} 使用了不支持的压缩方式`,
      en: `${name} uses an unsupported compression method`,
    });
  for (const [name, n] of counts)
    if (n > 1)
      problems.push({
        code: 'DUPLICATE_ENTRY',
        path: name,
        zh: `${name} 在容器中出现 ${n} 次`,
        en: `${name} appears ${n} times in the container`,
      });
  const files = new Map<string, Buffer>();
  for (const [name, data] of Object.entries(raw))
    files.set(name, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  problems.push(...mimetypeProblems(zip, order, files.get('mimetype')));
  return { files, order: order.filter((n) => !n.endsWith('/')), problems };
}

/** EN 319 162-1: `mimetype` first, stored, no extra field, holding the ASiC-E media type. */
function mimetypeProblems(zip: Uint8Array, order: string[], content: Buffer | undefined): ContainerProblem[] {
  const p = (en: string, zh: string): ContainerProblem[] => [
    {
      code: 'MIMETYPE',
      path: 'mimetype',
      zh: `mimetype 不符合 ASiC-E：${zh}`,
      en: `mimetype is not as ASiC-E requires: ${en}`,
    },
  ];
  if (!order.includes('mimetype')) return p('there is no mimetype file', '缺少 mimetype 文件');
  if (order[0] !== 'mimetype') return p('it is not the first file', '不是容器的第一个文件');
  const b = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  if (b.length < 30 || b.readUInt32LE(0) !== 0x04034b50)
    return p('the container does not begin with its local header', '容器开头不是其文件头');
  const method = b.readUInt16LE(8),
    nameLen = b.readUInt16LE(26),
    extraLen = b.readUInt16LE(28);
  if (b.toString('latin1', 30, 30 + nameLen) !== 'mimetype')
    return p('the first local header is not mimetype', '第一个文件头不是 mimetype');
  if (method !== 0) return p('it is compressed', '被压缩了（须原样存储）');
  if (extraLen !== 0) return p('its header has an extra field', '文件头带有 extra 字段');
  const value = content?.toString('latin1') ?? '';
  if (value !== ASICE_MIMETYPE)
    return p(
      `it says ${JSON.stringify(value)}, not ${ASICE_MIMETYPE}`,
      `内容为 ${JSON.stringify(value)}，应为 ${ASICE_MIMETYPE}`,
    );
  return [];
}
