import { Unzip, UnzipInflate } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { DomainError } from '@netsign/domain';

/**
 * Tables the way Chinese offices export them: CSV in UTF-8 (with or without BOM) or GBK/GB18030
 * (Excel's "CSV" on a Chinese Windows), and .xlsx. Every row keeps the number the user sees in
 * the file, so a report can name it.
 */
export interface SheetRow {
  line: number;
  cells: string[];
}
export type SheetFormat = 'csv-utf8' | 'csv-gb18030' | 'xlsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const SHEET_TYPES = ['text/csv', XLSX_TYPE] as const;

/** Bounds against a ZIP bomb: a building's unit table is a few hundred rows. */
const MAX_XML_BYTES = 20 * 1024 * 1024;
export const MAX_SHEET_ROWS = 5000;
const MAX_COLUMNS = 50;

export function readSheet(bytes: Buffer): { format: SheetFormat; rows: SheetRow[] } {
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')))
    return { format: 'xlsx', rows: limitRows(readXlsx(bytes)) };
  const { text, format } = decodeCsv(bytes);
  return { format, rows: limitRows(csvRows(text)) };
}

function limitRows(rows: SheetRow[]) {
  if (rows.length > MAX_SHEET_ROWS) throw sheetError('SHEET_TOO_LARGE', `表格超过 ${MAX_SHEET_ROWS} 行，请分批导入`);
  return rows;
}

const sheetError = (code: string, message: string) =>
  new DomainError(code, message, 400, [{ field: 'file', code, message }]);

/** UTF-8 when the bytes are valid UTF-8 (a GBK file almost never is), GB18030 (a superset of GBK) otherwise. */
export function decodeCsv(bytes: Buffer): { text: string; format: SheetFormat } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), format: 'csv-utf8' };
  } catch {
    try {
      return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), format: 'csv-gb18030' };
    } catch {
      throw sheetError('SHEET_ENCODING', '无法识别文件编码：请以 UTF-8 或 GBK 编码的 CSV，或 .xlsx 文件上传');
    }
  }
}

/** RFC 4180 fields: quotes, doubled quotes, commas and line breaks inside quotes. */
export function csvRows(text: string): SheetRow[] {
  const rows: SheetRow[] = [];
  let cells: string[] = [];
  let cur = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRow = () => {
    cells.push(cur);
    if (cells.some((c) => c.trim())) rows.push({ line: start, cells: cells.map((c) => c.trim()) });
    cells = [];
    cur = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cur += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      start = line;
    } else cur += ch;
  }
  endRow();
  return rows;
}

/**
 * Unzips the wanted entries in 16 KiB slices, counting what comes out: a header's declared size
 * can lie, and one slice inflates to at most ~16 MiB, so a bomb stops near MAX_XML_BYTES.
 */
function unzipBounded(bytes: Buffer, wanted: (name: string) => boolean): Record<string, Buffer> {
  const parts: Record<string, Uint8Array[]> = {};
  let total = 0;
  let failure: DomainError | null = null;
  const unreadable = () => sheetError('SHEET_UNREADABLE', '无法读取 .xlsx 文件：文件已损坏或不是 Excel 工作簿');
  try {
    const unzip = new Unzip((file) => {
      if (!wanted(file.name) || failure) return;
      const chunks: Uint8Array[] = (parts[file.name] = []);
      file.ondata = (err, chunk) => {
        if (failure) return;
        if (err) {
          failure = unreadable();
          return;
        }
        total += chunk.length;
        if (total > MAX_XML_BYTES) {
          failure = sheetError('SHEET_TOO_LARGE', '表格文件解压后过大');
          file.terminate();
          return;
        }
        chunks.push(chunk);
      };
      file.start();
    });
    unzip.register(UnzipInflate);
    const SLICE = 16 * 1024;
    for (let i = 0; i < bytes.length && !failure; i += SLICE)
      unzip.push(bytes.subarray(i, i + SLICE), i + SLICE >= bytes.length);
  } catch {
    failure ??= unreadable();
  }
  if (failure) throw failure;
  return Object.fromEntries(Object.entries(parts).map(([name, c]) => [name, Buffer.concat(c)]));
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  htmlEntities: true,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => ['row', 'c', 'si', 'r', 'sheet', 'Relationship'].includes(name),
});

/** The first worksheet of an .xlsx, its cells as the text Excel shows for plain values. */
export function readXlsx(bytes: Buffer): SheetRow[] {
  const files = unzipBounded(bytes, (name) => name.endsWith('.xml') || name.endsWith('.rels'));
  const text = (name: string) => {
    if (!files[name]) return null;
    const doc = files[name].toString('utf8');
    // OOXML parts never declare a DTD; one that does is an entity-expansion attempt
    if (/<!DOCTYPE|<!ENTITY/i.test(doc))
      throw sheetError('SHEET_UNREADABLE', '无法读取 .xlsx 文件：包含不允许的 DTD 声明');
    return doc;
  };
  const target = firstSheetPath(text);
  const sheet = target && text(target);
  if (!sheet) throw sheetError('SHEET_UNREADABLE', '无法读取 .xlsx 文件：找不到工作表');
  const shared = sharedStrings(text('xl/sharedStrings.xml'));
  const rows: SheetRow[] = [];
  for (const row of (xml.parse(sheet)?.worksheet?.sheetData?.row ?? []) as any[]) {
    const cells: string[] = [];
    let next = 0;
    for (const c of (row.c ?? []) as any[]) {
      const col = c['@r'] ? columnIndex(c['@r']) : next;
      next = col + 1;
      if (col < 0 || col >= MAX_COLUMNS) continue;
      cells[col] = cellText(c, shared);
    }
    const filled = Array.from(cells, (v) => (v ?? '').trim());
    if (filled.some(Boolean)) rows.push({ line: Number(row['@r']) || rows.length + 1, cells: filled });
    if (rows.length > MAX_SHEET_ROWS) break;
  }
  return rows;
}

function firstSheetPath(text: (name: string) => string | null): string | null {
  const wb = xml.parse(text('xl/workbook.xml') ?? '')?.workbook;
  const rid = wb?.sheets?.sheet?.[0]?.['@r:id'];
  const rel = (xml.parse(text('xl/_rels/workbook.xml.rels') ?? '')?.Relationships?.Relationship ?? []).find(
    (r: any) => r['@Id'] === rid,
  );
  if (!rel) return text('xl/worksheets/sheet1.xml') ? 'xl/worksheets/sheet1.xml' : null;
  const t = String(rel['@Target']);
  return t.startsWith('/') ? t.slice(1) : `xl/${t}`;
}

/** Text of a string item: plain `<t>` or rich-text runs; phonetic guides (`<rPh>`) are not text. */
function runText(si: any): string {
  if (si == null) return '';
  if (typeof si !== 'object') return String(si);
  if (si.t !== undefined) return tText(si.t);
  return ((si.r ?? []) as any[]).map((r) => tText(r.t)).join('');
}
const tText = (t: any) => (t == null ? '' : typeof t === 'object' ? String(t['#text'] ?? '') : String(t));

function sharedStrings(doc: string | null): string[] {
  if (!doc) return [];
  return ((xml.parse(doc)?.sst?.si ?? []) as any[]).map(runText);
}

function cellText(c: any, shared: string[]): string {
  const v = c.v === undefined ? '' : tText(c.v);
  switch (c['@t']) {
    case 's':
      return shared[Number(v)] ?? '';
    case 'inlineStr':
      return runText(c.is);
    case 'b':
      return v === '1' ? 'TRUE' : 'FALSE';
    case 'str':
    case 'e':
      return v;
    default:
      return plainNumber(v);
  }
}

/** Excel keeps binary doubles ("89.560000000000002"); show them as typed (15 significant digits). */
function plainNumber(v: string): string {
  if (!/^-?\d+(\.\d+)?(E[+-]?\d+)?$/i.test(v)) return v;
  const n = Number(Number(v).toPrecision(15));
  return Number.isSafeInteger(n) || Math.abs(n) >= 1e-6 ? String(n) : v;
}

/** "AB12" → 27 (zero-based column of AB). */
export function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.toUpperCase()) {
    if (ch < 'A' || ch > 'Z') break;
    n = n * 26 + (ch.charCodeAt(0) - 64);
  }
  return n - 1;
}
