import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { randomUscc } from '@netsign/domain/identity/uscc';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { units } from './tables';
import { readFileSync } from 'node:fs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fixture = (name: string) => readFileSync(new URL(`../../../../../fixtures/sheets/${name}`, import.meta.url));

// 房屋 from CSV (issue 2, housing): every bad cell reported at its row and column, all rows or none.
const HEADER = '房号,楼层,用途,结构,建筑面积,套内面积,分摊面积,拟售单价';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('units CSV import', () => {
  let w: DemoWorld;
  let projectId: string;
  let buildingId: string;
  const unitsOf = async (id: string) => w.server.ctx.db.select().from(units).where(eq(units.buildingId, id));
  const importCsv = (text: string | Buffer, id = buildingId, as = w.admin) =>
    as.request('POST', `/api/admin/buildings/${id}/units/import`, text, { 'content-type': 'text/csv' });

  beforeAll(async () => {
    w = await demoWorld();
    const [project] = (await w.seller.get('/api/projects')).body;
    projectId = project.id;
    const licence = await w.admin.post(`/api/admin/projects/${projectId}/presale-licences`, {
      number: '中房预许字（2026）第 0999 号',
      validFrom: '2026-01-01',
      validTo: '2028-12-31',
    });
    expect(licence.status).toBe(201);
    const b = await w.admin.post(`/api/admin/projects/${projectId}/buildings`, {
      name: '9 栋',
      floors: 10,
      presaleLicenceId: licence.body.id,
    });
    expect(b.status).toBe(201);
    buildingId = b.body.id;
  });
  afterAll(() => w?.close());

  it('refuses a file with bad rows, naming each row and column, and stores no unit', async () => {
    const r = await importCsv(
      csv(
        '101,1,住宅,钢筋混凝土结构,89.56,70.00,19.56,21000', // good
        '102,1,住宅,钢筋混凝土结构,abc,70.00,19.56,21000', // bad area
        '1101,11,住宅,钢筋混凝土结构,89.56,70.00,19.56,21000', // floor 11 of 10
        '101,1,住宅,钢筋混凝土结构,89.56,70.00,19.56,21000', // duplicate 房号
        '104,1,住宅,钢筋混凝土结构,90.00,70.00,19.56,21000', // 90 ≠ 70 + 19.56
      ),
    );
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('CSV_INVALID');
    expect(r.body.message).toContain('未导入任何房屋');
    const at = (field: string) => r.body.violations.find((v: any) => v.field === field);
    expect(at('row.3.建筑面积')).toMatchObject({ code: 'INVALID_AREA' });
    expect(at('row.3.建筑面积').message).toContain('第 3 行');
    expect(at('row.4.楼层')).toMatchObject({ code: 'OUT_OF_RANGE' });
    expect(at('row.5.房号')).toMatchObject({ code: 'DUPLICATE' });
    expect(at('row.6.建筑面积')).toMatchObject({ code: 'AREA_SUM' });
    expect(at('row.2.房号')).toBeUndefined();
    expect(await unitsOf(buildingId)).toEqual([]);
  });

  it('refuses a file whose header is not the expected columns', async () => {
    const r = await importCsv(['房号,楼层,建筑面积', '101,1,89.56'].join('\n'));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('CSV_INVALID');
    expect(r.body.violations[0]).toMatchObject({ field: 'row.1', code: 'CSV_HEADER' });
    expect(r.body.violations[0].message).toContain(HEADER);
    expect(await unitsOf(buildingId)).toEqual([]);
  });

  it('imports a good file: 201 with the count, areas kept exact', async () => {
    const r = await importCsv(
      csv(
        '201,2,住宅,钢筋混凝土结构,89.56,70.00,19.56,21000',
        '202,2,住宅,钢筋混凝土结构,120.05,100.05,20,22000.5',
        '"203",2,商业,框架结构,60,60,0,',
      ),
    );
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ imported: 3 });
    const stored = (await unitsOf(buildingId)).sort((a, b) => a.number.localeCompare(b.number));
    expect(
      stored.map((u) => [u.number, u.floor, u.buildArea, u.innerArea, u.sharedArea, u.listUnitPrice, u.status]),
    ).toEqual([
      ['201', 2, 8956, 7000, 1956, 2100000, '可售'],
      ['202', 2, 12005, 10005, 2000, 2200050, '可售'],
      ['203', 2, 6000, 6000, 0, null, '可售'],
    ]);
  });

  it('refuses to import numbers the building already has, and keeps the new ones out too', async () => {
    const r = await importCsv(
      csv('301,3,住宅,钢筋混凝土结构,89.56,70.00,19.56,21000', '', '201,2,住宅,钢筋混凝土结构,89.56,70.00,19.56,21000'),
    );
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('CSV_INVALID');
    // line 4 of the file (a blank line 3 before it)
    expect(r.body.violations).toEqual([expect.objectContaining({ field: 'row.4.房号', code: 'EXISTS' })]);
    expect((await unitsOf(buildingId)).map((u) => u.number).sort()).toEqual(['201', '202', '203']);
  });

  it('takes a shared area written 0.00 (a shop without shared area)', async () => {
    const r = await importCsv(csv('501,5,商业,框架结构,60.00,60.00,0.00,'));
    expect(r.status).toBe(201);
    const u = (await unitsOf(buildingId)).find((x) => x.number === '501');
    expect(u).toMatchObject({ buildArea: 6000, innerArea: 6000, sharedArea: 0 });
  });

  it('names the row as the file numbers it, blank lines included', async () => {
    const r = await importCsv(
      [
        HEADER,
        '601,6,住宅,钢筋混凝土结构,89.56,70.00,19.56,21000',
        '',
        '602,6,住宅,钢筋混凝土结构,89.56,70.00,19.56,21000',
        '603,99,住宅,钢筋混凝土结构,89.56,70.00,19.56,21000',
      ].join('\n'),
    );
    expect(r.status).toBe(400);
    expect(r.body.violations).toEqual([expect.objectContaining({ field: 'row.5.楼层', code: 'OUT_OF_RANGE' })]);
    expect(r.body.violations[0].message).toContain('第 5 行');
  });

  it('imports a GBK CSV as Excel writes it on a Chinese Windows, with the Chinese intact', async () => {
    const r = await importCsv(fixture('units-gbk.csv'));
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ imported: 2 });
    const stored = (await unitsOf(buildingId))
      .filter((u) => u.number.startsWith('07'))
      .sort((a, b) => a.number.localeCompare(b.number));
    expect(stored.map((u) => [u.number, u.use, u.structure, u.buildArea])).toEqual([
      ['0701', '住宅', '钢筋混凝土结构', 8956],
      ['0702', '商业', '框架结构,底商', 6000],
    ]);
  });

  it('imports an .xlsx (either content type), and reports an .xlsx row by the number the spreadsheet shows', async () => {
    const good = await w.admin.request(
      'POST',
      `/api/admin/buildings/${buildingId}/units/import`,
      fixture('units-good-openpyxl.xlsx'),
      { 'content-type': XLSX },
    );
    expect(good.status).toBe(201);
    expect(
      (await unitsOf(buildingId))
        .filter((u) => u.number.startsWith('06') && u.number.length === 4)
        .map((u) => [u.number, u.floor, u.innerArea, u.listUnitPrice])
        .sort(),
    ).toEqual([
      ['0601', 6, 7000, 2100000],
      ['0602', 6, 10005, 2200050],
    ]);
    const before = (await unitsOf(buildingId)).length;
    const bad = await w.admin.request(
      'POST',
      `/api/admin/buildings/${buildingId}/units/import`,
      fixture('units-openpyxl.xlsx'),
      { 'content-type': 'text/csv' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.violations).toEqual([expect.objectContaining({ field: 'row.5.建筑面积', code: 'INVALID_AREA' })]);
    expect((await unitsOf(buildingId)).length).toBe(before);
  });

  it('refuses a file it cannot decode, naming the file, and keeps nothing', async () => {
    const before = (await unitsOf(buildingId)).length;
    const r = await importCsv(Buffer.from([0xff, 0xfe, 0x00, 0x81]));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'SHEET_ENCODING', violations: [expect.objectContaining({ field: 'file' })] });
    expect(r.body.message).toMatch(/UTF-8|GBK/);
    const z = await w.admin.request(
      'POST',
      `/api/admin/buildings/${buildingId}/units/import`,
      Buffer.from('PK\x03\x04broken', 'latin1'),
      { 'content-type': XLSX },
    );
    expect(z.status).toBe(400);
    expect(z.body.code).toBe('SHEET_UNREADABLE');
    expect((await unitsOf(buildingId)).length).toBe(before);
  });

  it('is for administrators only: a seller clerk cannot import', async () => {
    const r = await importCsv(csv('401,4,住宅,钢筋混凝土结构,89.56,70.00,19.56,21000'), buildingId, w.seller);
    expect(r.status).toBe(403);
    expect((await unitsOf(buildingId)).map((u) => u.number)).not.toContain('401');
  });

  it("hides a project from another company's seller (404), while its own seller sees it", async () => {
    const org = await w.admin.post('/api/admin/organisations', {
      kind: 'seller',
      name: '中山市别家置业有限公司',
      uscc: randomUscc(() => 0.77),
      city: '中山市',
      address: '广东省中山市西区 1 号',
      legalRepName: '李四',
    });
    expect(org.status).toBe(201);
    const user = await w.admin.post('/api/admin/users', {
      orgId: org.body.id,
      username: 'other_seller',
      displayName: '赵六',
      password: 'Other@2026demo',
    });
    expect(user.status).toBe(201);
    const other = await w.client().login('other_seller', 'Other@2026demo');
    expect((await w.seller.get(`/api/projects/${projectId}`)).status).toBe(200);
    const r = await other.get(`/api/projects/${projectId}`);
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('NOT_FOUND');
    expect((await other.get(`/api/projects/${projectId}/units`)).status).toBe(404);
    expect((await other.get('/api/projects')).body).toEqual([]);
  });
});
