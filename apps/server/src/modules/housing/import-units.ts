import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DomainError, type RuleViolation } from '@netsign/domain';
import { UNIT_CSV_COLUMNS } from '@netsign/api';
import type { Actor, AppContext } from '../../platform/app-context';
import { actorId } from '../../platform/app-context';
import { buildings, projects, units } from './tables';
import { appendAudit } from '../audit/append-audit';
import { notFound } from '../../http/errors';
import { readSheet, type SheetRow } from '../../platform/spreadsheet';

/** "89.56" m² → 8956 hundredths; null when not a positive number with at most 2 decimals. */
export function parseArea(s: string): number | null {
  if (!/^\d+(\.\d{1,2})?$/.test(s.trim())) return null;
  const [i, f = ''] = s.trim().split('.');
  const v = Number(i) * 100 + Number(f.padEnd(2, '0'));
  return v > 0 ? v : null;
}

export interface UnitRow {
  number: string;
  floor: number;
  use: string;
  structure: string;
  buildArea: number;
  innerArea: number;
  sharedArea: number;
  listUnitPrice: number | null;
}

/**
 * Checks the whole table and reports every bad cell as `row N 列名` (N is the row number the user
 * sees in the file, blank rows included); returns rows only when all are good.
 */
export function parseUnitRows(
  lines: SheetRow[],
  floors: number,
): { rows: UnitRow[]; lineOf: number[]; errors: RuleViolation[] } {
  const errors: RuleViolation[] = [];
  const header = lines[0]?.cells ?? [];
  if (UNIT_CSV_COLUMNS.some((c, i) => header[i] !== c)) {
    return {
      rows: [],
      lineOf: [],
      errors: [{ field: 'row.1', code: 'CSV_HEADER', message: `第 1 行应为表头：${UNIT_CSV_COLUMNS.join(',')}` }],
    };
  }
  const rows: UnitRow[] = [];
  const lineOf: number[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach(({ line: n, cells: c }) => {
    const bad = (col: string, code: string, msg: string) =>
      errors.push({ field: `row.${n}.${col}`, code, message: `第 ${n} 行「${col}」${msg}` });
    const [number, floorS, use, structure, build, inner, shared, price] = c;
    if (!number) bad('房号', 'REQUIRED', '不能为空');
    else if (seen.has(number)) bad('房号', 'DUPLICATE', `与前面的行重复（${number}）`);
    seen.add(number);
    const floor = Number(floorS);
    if (!Number.isInteger(floor) || floor < -5 || floor > floors)
      bad('楼层', 'OUT_OF_RANGE', `应为不超过 ${floors} 的整数`);
    const b = parseArea(build ?? ''),
      inn = parseArea(inner ?? ''),
      sh = /^0+(\.0{1,2})?$/.test(shared?.trim() ?? '') ? 0 : parseArea(shared ?? '');
    if (b === null) bad('建筑面积', 'INVALID_AREA', '应为正数，最多两位小数');
    if (inn === null) bad('套内面积', 'INVALID_AREA', '应为正数，最多两位小数');
    if (sh === null) bad('分摊面积', 'INVALID_AREA', '应为非负数，最多两位小数');
    if (b !== null && inn !== null && sh !== null && b !== inn + sh)
      bad('建筑面积', 'AREA_SUM', '应等于套内面积 + 分摊面积');
    const priceYuan = price ? Number(price) : null;
    if (price && (!Number.isFinite(priceYuan) || priceYuan! <= 0))
      bad('拟售单价', 'INVALID_PRICE', '应为正数（元/平方米）');
    if (errors.length === 0) {
      lineOf.push(n);
      rows.push({
        number,
        floor,
        use: use || '住宅',
        structure: structure || '钢筋混凝土结构',
        buildArea: b!,
        innerArea: inn!,
        sharedArea: sh!,
        listUnitPrice: priceYuan ? Math.round(priceYuan * 100) : null,
      });
    }
  });
  if (!rows.length && !errors.length) errors.push({ field: 'row.2', code: 'CSV_EMPTY', message: '文件中没有房屋数据' });
  return { rows: errors.length ? [] : rows, lineOf, errors };
}

/** Imports a building's units from a CSV (UTF-8 or GBK) or .xlsx table: all rows or none. */
export async function importUnits(ctx: AppContext, actor: Actor, buildingId: string, file: Buffer) {
  const [b] = await ctx.db
    .select({ b: buildings, p: projects })
    .from(buildings)
    .innerJoin(projects, eq(projects.id, buildings.projectId))
    .where(eq(buildings.id, buildingId));
  if (!b) throw notFound('楼栋');
  const sheet = readSheet(file);
  const { rows, lineOf, errors } = parseUnitRows(sheet.rows, b.b.floors);
  if (errors.length)
    throw new DomainError('CSV_INVALID', `导入失败，共 ${errors.length} 处错误，未导入任何房屋`, 400, errors);
  const existing = new Set(
    (await ctx.db.select({ n: units.number }).from(units).where(eq(units.buildingId, buildingId))).map((r) => r.n),
  );
  const dup = rows.filter((r) => existing.has(r.number));
  if (dup.length) {
    throw new DomainError(
      'CSV_INVALID',
      '导入失败：部分房号已存在',
      400,
      dup.map((r) => ({
        field: `row.${lineOf[rows.indexOf(r)]}.房号`,
        code: 'EXISTS',
        message: `房号 ${r.number} 在该楼栋已存在`,
      })),
    );
  }
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(units)
      .values(
        rows.map((r) => ({ id: randomUUID(), projectId: b.p.id, buildingId, sellerOrgId: b.p.sellerOrgId, ...r })),
      );
    await appendAudit(
      tx,
      {
        actor: actorId(actor),
        action: 'units.imported',
        entity: 'building',
        entityId: buildingId,
        data: { count: rows.length, format: sheet.format },
      },
      ctx.clock.now(),
    );
  });
  return { imported: rows.length };
}
