import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { DomainError } from '@netsign/domain';
import { columnIndex, csvRows, readSheet } from './spreadsheet';

const fixture = (name: string) => readFileSync(new URL(`../../../../fixtures/sheets/${name}`, import.meta.url));

/** A workbook the way Excel writes it: shared strings (one with rich-text runs), binary doubles. */
function excelStyleXlsx(sheetXml: string, shared: string[] = [], extra: Record<string, string> = {}) {
  const sst = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}">${shared.join('')}</sst>`;
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      'xl/workbook.xml': strToU8(
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="房屋" sheetId="1" r:id="rId7"/></sheets></workbook>',
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/></Relationships>',
      ),
      'xl/worksheets/data.xml': strToU8(
        `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetXml}</sheetData></worksheet>`,
      ),
      'xl/sharedStrings.xml': strToU8(sst),
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, strToU8(v)])),
    }),
  );
}

const refused = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError)
      return { code: e.code, status: e.status, field: e.violations[0]?.field, message: e.message };
    throw e;
  }
  throw new Error('accepted');
};

describe('reading a unit table as offices export it', () => {
  it('reads a GBK CSV written by another program (CRLF, a quoted comma)', () => {
    const { format, rows } = readSheet(fixture('units-gbk.csv'));
    expect(format).toBe('csv-gb18030');
    expect(rows.map((r) => r.cells)).toEqual([
      ['房号', '楼层', '用途', '结构', '建筑面积', '套内面积', '分摊面积', '拟售单价'],
      ['0701', '7', '住宅', '钢筋混凝土结构', '89.56', '70.00', '19.56', '21000'],
      ['0702', '7', '商业', '框架结构,底商', '60', '60', '0', ''],
    ]);
  });

  it('reads UTF-8 with and without a BOM the same', () => {
    const text = '房号,楼层\n101,1\n';
    const plain = readSheet(Buffer.from(text));
    const bom = readSheet(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(plain.format).toBe('csv-utf8');
    expect(bom.rows).toEqual(plain.rows);
    expect(plain.rows[0].cells[0]).toBe('房号');
  });

  it('reads an .xlsx written by openpyxl, rows numbered as the spreadsheet shows them', () => {
    const { format, rows } = readSheet(fixture('units-openpyxl.xlsx'));
    expect(format).toBe('xlsx');
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4, 5]);
    expect(rows[1].cells).toEqual(['0501', '5', '住宅', '钢筋混凝土结构', '89.56', '70', '19.56', '21000']);
    expect(rows[3].cells[4]).toBe(''); // a formula with no cached value is not a number
  });

  it('reads Excel-style shared strings, rich-text runs, skipped cells and binary doubles', () => {
    const xlsx = excelStyleXlsx(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>' +
        '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>89.560000000000002</v></c><c r="C3" t="str"><v>x&amp;y</v></c></row>',
      [
        '<si><t>房号</t></si>',
        '<si><r><t>建筑</t></r><r><rPr><b/></rPr><t xml:space="preserve">面积</t></r><rPh><t>ジ</t></rPh></si>',
        '<si><t>0101</t></si>',
      ],
    );
    expect(readSheet(xlsx).rows).toEqual([
      { line: 1, cells: ['房号', '', '建筑面积'] },
      { line: 3, cells: ['0101', '89.56', 'x&y'] },
    ]);
  });

  it('refuses what it cannot read with a named rule, never a crash', () => {
    expect(refused(() => readSheet(Buffer.from([0xff, 0xfe, 0xfd, 0x80])))).toMatchObject({
      code: 'SHEET_ENCODING',
      status: 400,
      field: 'file',
    });
    expect(refused(() => readSheet(Buffer.from('PK\x03\x04 not really a zip', 'latin1')))).toMatchObject({
      code: 'SHEET_UNREADABLE',
      field: 'file',
    });
    const noSheet = Buffer.from(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }));
    expect(refused(() => readSheet(noSheet))).toMatchObject({ code: 'SHEET_UNREADABLE' });
  });

  it('refuses a ZIP bomb and an entity-expansion DTD before expanding them', () => {
    const bomb = Buffer.from(
      zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(40 * 1024 * 1024).fill(32) }, { level: 9 }),
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(refused(() => readSheet(bomb))).toMatchObject({ code: 'SHEET_TOO_LARGE', field: 'file' });
    // the same bomb with its headers claiming 100 bytes: the count is of what inflates, not of what is declared
    const lying = Buffer.from(bomb);
    for (let at = lying.indexOf('PK\x03\x04', 0, 'latin1'); at >= 0; at = lying.indexOf('PK\x03\x04', at + 4, 'latin1'))
      lying.writeUInt32LE(100, at + 22);
    for (let at = lying.indexOf('PK\x01\x02', 0, 'latin1'); at >= 0; at = lying.indexOf('PK\x01\x02', at + 4, 'latin1'))
      lying.writeUInt32LE(100, at + 24);
    expect(refused(() => readSheet(lying))).toMatchObject({ code: 'SHEET_TOO_LARGE', field: 'file' });
    const withDtd = Buffer.from(
      zipSync({
        'xl/worksheets/sheet1.xml': strToU8(
          '<!DOCTYPE w [<!ENTITY lol "lollollol">]><worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&lol;</t></is></c></row></sheetData></worksheet>',
        ),
      }),
    );
    expect(refused(() => readSheet(withDtd))).toMatchObject({ code: 'SHEET_UNREADABLE' });
  });

  it('refuses a table longer than any building', () => {
    const csv = Buffer.from(Array.from({ length: 5002 }, (_, i) => `${i},1`).join('\n'));
    expect(refused(() => readSheet(csv))).toMatchObject({ code: 'SHEET_TOO_LARGE' });
  });

  it('gives back any table written as RFC 4180 CSV (quotes, commas, line breaks in cells), with its line numbers', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '房', ',', '"', '\n', ' ', '1') }).map((s) => s.trim());
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (table) => {
        const rows = table.filter((r) => r.some(Boolean));
        const quote = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
        const text = table.map((r) => r.map(quote).join(',')).join('\r\n');
        const read = csvRows(text);
        expect(read.map((r) => r.cells)).toEqual(rows);
        // a row starts on the line after the previous row's last line (blank rows counted)
        let line = 1;
        const starts = table.map((r) => {
          const at = line;
          line += 1 + r.join(',').split('\n').length - 1;
          return { at, r };
        });
        expect(read.map((r) => r.line)).toEqual(starts.filter(({ r }) => r.some(Boolean)).map(({ at }) => at));
      }),
    );
  });

  it('numbers columns as spreadsheets do', () => {
    expect(['A1', 'Z9', 'AA10', 'AB2', 'XFD1'].map(columnIndex)).toEqual([0, 25, 26, 27, 16383]);
  });
});
