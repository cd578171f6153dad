// DocMDP (ISO 32000-1 12.8.2.2): what a certification signature allows after it. We compare every
// object a later revision redefines with its version in the certified revision:
//   P=1  nothing may change — except what PAdES allows at any level: a DSS (validation data) and
//        document time-stamps (issue 13 adds those).
//   P=2  also filling in signature fields and signing: new signature dictionaries and widgets,
//        the page's /Annots and the AcroForm's /Fields growing by signature widgets only.
//   P=3  as 2, plus annotations.
// New objects nothing old refers to cannot change what is shown; a changed old object is named.
import { PdfFile, type Val } from './pdf-reader.ts';

type Dict = Val & { t: 'dict' };
const isDict = (v: Val | undefined): v is Dict => v?.t === 'dict';
const nameOf = (v: Val | undefined) => (v?.t === 'name' ? v.name : undefined);

export interface DocMdpChange {
  object: number;
  what: string;
}

export function changesAfterCertification(pdf: Buffer, certifiedEnd: number, p: number): DocMdpChange[] {
  const prefix = new PdfFile(pdf.subarray(0, certifiedEnd));
  const full = new PdfFile(pdf);
  const out: DocMdpChange[] = [];
  const get = (f: PdfFile, num: number): Val | undefined => {
    try {
      return f.get(num).v;
    } catch {
      return undefined;
    }
  };
  const resolve = (f: PdfFile, v: Val | undefined): Val | undefined => {
    try {
      return f.resolve(v);
    } catch {
      return undefined;
    }
  };

  /** A reference the later revision added: allowed if it is a signature widget of an allowed kind. */
  const allowedNewAnnot = (ref: Val): string | undefined => {
    const w = resolve(full, ref);
    if (!isDict(w)) return 'an unreadable annotation was added';
    const ft = nameOf(w.m.get('FT')) ?? nameOf((resolve(full, w.m.get('Parent')) as Dict | undefined)?.m?.get('FT'));
    const isSigWidget = nameOf(w.m.get('Subtype')) === 'Widget' && ft === 'Sig';
    if (!isSigWidget)
      return p >= 3 && nameOf(w.m.get('Subtype')) !== 'Widget'
        ? undefined
        : `a ${nameOf(w.m.get('Subtype')) ?? 'non-signature'} annotation was added`;
    const v = resolve(full, w.m.get('V'));
    const type = isDict(v) ? nameOf(v.m.get('Type')) : undefined;
    if (p === 1 && type !== 'DocTimeStamp')
      return 'a signature was added after a certification that allows no change (DocMDP P=1)';
    return undefined;
  };

  const growsBy = (oldV: Val | undefined, newV: Val | undefined, what: string, num: number) => {
    const o = resolve(prefix, oldV),
      n = resolve(full, newV);
    const oldItems = o?.t === 'array' ? o.items.map((x) => x.raw) : [];
    if (n?.t !== 'array') {
      out.push({ object: num, what: `${what} replaced` });
      return;
    }
    const newRaw = n.items.map((x) => x.raw);
    if (oldItems.some((r) => !newRaw.includes(r))) {
      out.push({ object: num, what: `${what}: an entry was removed` });
      return;
    }
    for (const it of n.items)
      if (!oldItems.includes(it.raw)) {
        const bad = allowedNewAnnot(it);
        if (bad) out.push({ object: num, what: `${what}: ${bad}` });
      }
  };

  const keyDiff = (o: Dict, n: Dict) =>
    [...new Set([...o.m.keys(), ...n.m.keys()])].filter((k) => o.m.get(k)?.raw !== n.m.get(k)?.raw);

  for (const [num, e] of full.xref) {
    const pe = prefix.xref.get(num);
    if (pe && JSON.stringify(pe) === JSON.stringify(e)) continue;
    if (!pe || pe.type === 0) continue; // a new object: judged where something old refers to it
    if (e.type === 0) {
      out.push({ object: num, what: 'an object was deleted' });
      continue;
    }
    const o = get(prefix, num),
      n = get(full, num);
    if (!o || !n) {
      out.push({ object: num, what: 'an object became unreadable' });
      continue;
    }
    if (o.raw === n.raw) continue;
    if (o.t === 'array' && n.t === 'array') {
      growsBy(o, n, 'an annotation or field list', num);
      continue;
    }
    if (!isDict(o) || !isDict(n)) {
      out.push({ object: num, what: 'an object was changed' });
      continue;
    }
    const type = nameOf(o.m.get('Type'));
    const changed = keyDiff(o, n);
    if (type === 'Catalog') {
      for (const k of changed) {
        if (k === 'DSS') continue;
        if (k === 'AcroForm') {
          const oa = resolve(prefix, o.m.get('AcroForm')),
            na = resolve(full, n.m.get('AcroForm'));
          if (!isDict(na)) {
            out.push({ object: num, what: 'the form was removed' });
            continue;
          }
          const oaDict: Dict = isDict(oa) ? oa : { t: 'dict', raw: '', m: new Map() };
          for (const ak of keyDiff(oaDict, na)) {
            if (ak === 'Fields') growsBy(oaDict.m.get('Fields'), na.m.get('Fields'), 'the form fields', num);
            else if (ak !== 'SigFlags' && ak !== 'DR') out.push({ object: num, what: `the form's /${ak} was changed` });
          }
          continue;
        }
        out.push({ object: num, what: `the document catalog's /${k} was changed` });
      }
      continue;
    }
    if (type === 'Page') {
      for (const k of changed) {
        if (k === 'Annots') growsBy(o.m.get('Annots'), n.m.get('Annots'), 'the page annotations', num);
        else out.push({ object: num, what: `page content or attributes changed (/${k})` });
      }
      continue;
    }
    if (o.m.has('Fields') && !type) {
      // an indirect AcroForm dictionary
      for (const k of changed) {
        if (k === 'Fields') growsBy(o.m.get('Fields'), n.m.get('Fields'), 'the form fields', num);
        else if (k !== 'SigFlags' && k !== 'DR') out.push({ object: num, what: `the form's /${k} was changed` });
      }
      continue;
    }
    const ft = nameOf(o.m.get('FT'));
    if (ft === 'Sig' && nameOf(o.m.get('Subtype')) === 'Widget') {
      // an empty signature field being signed
      const other = changed.filter((k) => k !== 'V' && k !== 'AP');
      if (other.length) out.push({ object: num, what: `a signature field's /${other.join(', /')} was changed` });
      else if (p === 1)
        out.push({
          object: num,
          what: 'a signature field was signed after a certification that allows no change (DocMDP P=1)',
        });
      continue;
    }
    if (type === 'XRef' || type === 'ObjStm') continue;
    out.push({ object: num, what: `${type ? `a /${type} object` : 'an object'} was changed` });
  }
  return out;
}
