// The Document Security Store (ISO 32000-2 12.8.4.3; ETSI EN 319 142-1 5.4.2): the certificates,
// CRLs and OCSP responses a verifier needs once the signers' certificates have expired, each a
// stream listed in the catalog's /DSS. /VRI names each signature by the upper-case hex SHA-1 of
// its /Contents bytes (zero padding included — what pyHanko and the EU DSS library hash) and lists
// what that signature needs. Written as one incremental update; earlier entries are kept.
import { createHash } from 'node:crypto';
import { PdfFile, type Val } from './pdf-reader.ts';
import { appendRevision, type NewObject } from './incremental.ts';
import { dictText } from './placeholder.ts';

export interface DssItem {
  der: Buffer;
  sha256: string /** where its stream object starts: the revision that added it */;
  offset: number;
}
export interface Dss {
  certs: DssItem[];
  crls: DssItem[];
  ocsps: DssItem[];
  vri: Map<string, { certs: string[]; crls: string[]; ocsps: string[] }>;
}

export interface ValidationData {
  certs: Buffer[];
  crls: Buffer[];
  ocsps: Buffer[];
  /** per signature (its VRI key): what it needs, each also in the lists above */
  vri: { key: string; certs: Buffer[]; crls: Buffer[]; ocsps: Buffer[] }[];
}

export const vriKey = (contents: Buffer): string => createHash('sha1').update(contents).digest('hex').toUpperCase();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const KEYS = { certs: ['Certs', 'Cert'], crls: ['CRLs', 'CRL'], ocsps: ['OCSPs', 'OCSP'] } as const;

/** The DSS as the file's last revision has it (empty lists when there is none). */
export function readDss(pdf: Buffer): Dss {
  const out: Dss = { certs: [], crls: [], ocsps: [], vri: new Map() };
  const f = new PdfFile(pdf);
  const root = f.resolve(f.trailer.get('Root'));
  const dss = root?.t === 'dict' ? f.resolve(root.m.get('DSS')) : undefined;
  if (dss?.t !== 'dict') return out;
  const byNum = new Map<number, string>();
  for (const kind of ['certs', 'crls', 'ocsps'] as const) {
    const list = f.resolve(dss.m.get(KEYS[kind][0]));
    for (const ref of list?.t === 'array' ? list.items : []) {
      if (ref.t !== 'ref') continue;
      const s = f.stream(ref.num);
      const item = { der: s.data, sha256: sha(s.data), offset: s.offset };
      byNum.set(ref.num, item.sha256);
      out[kind].push(item);
    }
  }
  const vri = f.resolve(dss.m.get('VRI'));
  for (const [key, v] of vri?.t === 'dict' ? vri.m : []) {
    const d = f.resolve(v);
    if (d?.t !== 'dict') continue;
    const refs = (k: string) => {
      const a = f.resolve(d.m.get(k));
      return (a?.t === 'array' ? a.items : []).flatMap((r) =>
        r.t === 'ref' && byNum.has(r.num) ? [byNum.get(r.num)!] : [],
      );
    };
    out.vri.set(key, { certs: refs('Cert'), crls: refs('CRL'), ocsps: refs('OCSP') });
  }
  return out;
}

/**
 * Appends the validation data as one incremental update: a stream for each item not already in
 * the DSS, a new DSS dictionary (the old lists plus the new items; VRI entries merged) and the
 * catalog pointing at it. Nothing else changes, which DocMDP P=1 allows (PAdES).
 */
export function addDss(pdf: Buffer, data: ValidationData): Buffer {
  const f = new PdfFile(pdf);
  const rootRef = f.trailer.get('Root');
  const size = (f.trailer.get('Size') as { n?: number } | undefined)?.n;
  if (rootRef?.t !== 'ref' || !size) throw new Error('PDF: trailer without /Root or /Size');
  if (f.trailer.has('Encrypt')) throw new Error('PDF: encrypted documents are not supported');
  const catalog = f.get(rootRef.num);
  if (catalog.v.t !== 'dict') throw new Error('PDF: catalog is not a dictionary');
  const old = f.resolve(catalog.v.m.get('DSS'));
  const oldDss = old?.t === 'dict' ? old : undefined;

  let next = size;
  const objects: NewObject[] = [];
  const refOf = new Map<string, string>(); // item sha256 → "n 0 R"
  const lists: Record<'certs' | 'crls' | 'ocsps', string[]> = { certs: [], crls: [], ocsps: [] };
  for (const kind of ['certs', 'crls', 'ocsps'] as const) {
    const list = oldDss ? f.resolve(oldDss.m.get(KEYS[kind][0])) : undefined;
    for (const ref of list?.t === 'array' ? list.items : []) {
      if (ref.t === 'ref') refOf.set(sha(f.stream(ref.num).data), ref.raw);
      lists[kind].push(ref.raw);
    }
    for (const der of data[kind]) {
      const h = sha(der);
      if (refOf.has(h)) continue;
      const num = next++;
      objects.push({ num, body: `<< /Length ${der.length} >>\nstream\n${der.toString('latin1')}\nendstream` });
      refOf.set(h, `${num} 0 R`);
      lists[kind].push(`${num} 0 R`);
    }
  }
  // VRI: earlier entries as they were; a signature named again gets the union
  const vri = new Map<string, Record<'Cert' | 'CRL' | 'OCSP', string[]>>();
  const oldVri = oldDss ? f.resolve(oldDss.m.get('VRI')) : undefined;
  for (const [key, v] of oldVri?.t === 'dict' ? oldVri.m : []) {
    const d = f.resolve(v);
    const raws = (k: string) => {
      const a = d?.t === 'dict' ? f.resolve(d.m.get(k)) : undefined;
      return a?.t === 'array' ? a.items.map((x: Val) => x.raw) : [];
    };
    vri.set(key, { Cert: raws('Cert'), CRL: raws('CRL'), OCSP: raws('OCSP') });
  }
  for (const e of data.vri) {
    const cur = vri.get(e.key) ?? { Cert: [], CRL: [], OCSP: [] };
    const add = (k: 'Cert' | 'CRL' | 'OCSP', ders: Buffer[]) => {
      for (const d of ders) {
        const r = refOf.get(sha(d));
        if (r && !cur[k].includes(r)) cur[k].push(r);
      }
    };
    add('Cert', e.certs);
    add('CRL', e.crls);
    add('OCSP', e.ocsps);
    vri.set(e.key, cur);
  }
  const arr = (xs: string[]) => `[${xs.join(' ')}]`;
  const vriText = [...vri]
    .map(
      ([key, v]) =>
        `/${key} << /Type /VRI${(['Cert', 'CRL', 'OCSP'] as const)
          .filter((k) => v[k].length)
          .map((k) => ` /${k} ${arr(v[k])}`)
          .join('')} >>`,
    )
    .join('\n');
  const dssNum = next++;
  objects.push({
    num: dssNum,
    body: `<<\n/Type /DSS\n/Certs ${arr(lists.certs)}\n/CRLs ${arr(lists.crls)}\n/OCSPs ${arr(lists.ocsps)}\n/VRI <<\n${vriText}\n>>\n>>`,
  });
  objects.push({ num: rootRef.num, gen: catalog.gen, body: dictText(catalog.v, { DSS: `${dssNum} 0 R` }) });
  return appendRevision(pdf, f, objects, next).pdf;
}
