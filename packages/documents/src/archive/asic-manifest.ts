// The ASiC manifest of an ASiC-E container with CAdES (ETSI EN 319 162-1, schema
// en_31916201v010101.xsd): <ASiCManifest> holds one <SigReference> naming the signature file and
// one <DataObjectReference> per data object with its ds:DigestMethod and ds:DigestValue (base64).
// The CAdES signature signs these bytes, so every file is covered through its digest.
// The reader accepts the schema's shape with any namespace prefix and nothing else.

export const ASIC_NS = 'http://uri.etsi.org/02918/v1.2.1#';
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** XML Signature digest method URIs (RFC 6931) → node's hash names. */
export const DIGEST_METHODS: Record<string, 'sha256' | 'sha384' | 'sha512'> = {
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};
export const SHA256_METHOD = 'http://www.w3.org/2001/04/xmlenc#sha256';

export interface ManifestReference {
  path: string;
  mimeType?: string;
  digestMethod: string;
  digest: Buffer;
}
export interface AsicManifest {
  signature: { path: string; mimeType?: string };
  references: ManifestReference[];
}

export class ManifestError extends Error {}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A container path as a relative URI: each segment percent-encoded (ASCII names stay as they are). */
const toUri = (path: string) => path.split('/').map(encodeURIComponent).join('/');
const fromUri = (uri: string) =>
  uri
    .split('/')
    .map((s) => decodeURIComponent(s))
    .join('/');

export function writeManifest(m: AsicManifest): Buffer {
  const attr = (name: string, v: string | undefined) => (v === undefined ? '' : ` ${name}="${escapeXml(v)}"`);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    `<asic:ASiCManifest xmlns:asic="${ASIC_NS}" xmlns:ds="${DS_NS}">`,
    `  <asic:SigReference${attr('URI', toUri(m.signature.path))}${attr('MimeType', m.signature.mimeType)}/>`,
    ...m.references.flatMap((r) => [
      `  <asic:DataObjectReference${attr('URI', toUri(r.path))}${attr('MimeType', r.mimeType)}>`,
      `    <ds:DigestMethod Algorithm="${escapeXml(r.digestMethod)}"/>`,
      `    <ds:DigestValue>${r.digest.toString('base64')}</ds:DigestValue>`,
      '  </asic:DataObjectReference>',
    ]),
    '</asic:ASiCManifest>',
    '',
  ];
  return Buffer.from(lines.join('\n'), 'utf8');
}

const unescapeXml = (s: string) =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e];
  });

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (out.has(m[1])) throw new ManifestError(`attribute ${m[1]} given twice`);
    out.set(m[1], unescapeXml(m[2] ?? m[3]));
  }
  return out;
}

/** The prefix (with its colon, or '') bound to `ns` on the root element. */
function prefixOf(rootAttrs: Map<string, string>, ns: string): string[] {
  return [...rootAttrs]
    .filter(([k, v]) => v === ns && (k === 'xmlns' || k.startsWith('xmlns:')))
    .map(([k]) => (k === 'xmlns' ? '' : `${k.slice(6)}:`));
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Parses a manifest; throws ManifestError when it is not one SigReference and its DataObjectReferences. */
export function readManifest(bytes: Buffer): AsicManifest {
  const xml = bytes
    .toString('utf8')
    .replace(/^\ufeff/, '')
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new ManifestError('a DOCTYPE is not allowed in a manifest');
  const root = /^\s*<([A-Za-z_][\w.-]*:)?ASiCManifest\b([^>]*)>([\s\S]*)<\/\1?ASiCManifest>\s*$/.exec(xml);
  if (!root) throw new ManifestError('the root element is not ASiCManifest');
  const rootAttrs = attributes(root[2]);
  const asic = root[1] ?? '';
  if (!prefixOf(rootAttrs, ASIC_NS).includes(asic))
    throw new ManifestError(`ASiCManifest is not in the namespace ${ASIC_NS}`);
  const ds = prefixOf(rootAttrs, DS_NS);
  const body = root[3];

  const sigs = [...body.matchAll(new RegExp(`<${esc(asic)}SigReference\\b([^>]*?)/?>`, 'g'))];
  if (sigs.length !== 1) throw new ManifestError(`expected one SigReference, found ${sigs.length}`);
  const sa = attributes(sigs[0][1]);
  if (!sa.get('URI')) throw new ManifestError('SigReference has no URI');

  const opened = body.match(new RegExp(`<${esc(asic)}DataObjectReference\\b`, 'g'))?.length ?? 0;
  const refs: ManifestReference[] = [];
  for (const m of body.matchAll(
    new RegExp(`<${esc(asic)}DataObjectReference\\b([^>]*)>([\\s\\S]*?)</${esc(asic)}DataObjectReference>`, 'g'),
  )) {
    const a = attributes(m[1]);
    const uri = a.get('URI');
    if (!uri) throw new ManifestError('a DataObjectReference has no URI');
    const inner = m[2];
    const method = ds.map((p) => new RegExp(`<${esc(p)}DigestMethod\\b([^>]*?)/?>`).exec(inner)).find(Boolean);
    const value = ds
      .map((p) => new RegExp(`<${esc(p)}DigestValue>([^<]*)</${esc(p)}DigestValue>`).exec(inner))
      .find(Boolean);
    const algorithm = method ? attributes(method[1]).get('Algorithm') : undefined;
    if (!algorithm || !value)
      throw new ManifestError(`the reference to ${uri} has no ds:DigestMethod or ds:DigestValue`);
    const b64 = value[1].replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new ManifestError(`the digest of ${uri} is not base64`);
    let path: string;
    try {
      path = fromUri(uri);
    } catch {
      throw new ManifestError(`the URI ${uri} is not a valid relative URI`);
    }
    refs.push({ path, mimeType: a.get('MimeType'), digestMethod: algorithm, digest: Buffer.from(b64, 'base64') });
  }
  if (refs.length !== opened) throw new ManifestError('a DataObjectReference is not closed');
  if (!refs.length) throw new ManifestError('the manifest lists no data object');
  let sigPath: string;
  try {
    sigPath = fromUri(sa.get('URI')!);
  } catch {
    throw new ManifestError('the SigReference URI is not a valid relative URI');
  }
  return { signature: { path: sigPath, mimeType: sa.get('MimeType') }, references: refs };
}
