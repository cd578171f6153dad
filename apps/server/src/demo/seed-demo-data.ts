import { count } from 'drizzle-orm';
import { makeCitizenId, randomUscc } from '@netsign/domain';
import type { AppContext } from '../platform/app-context';
import { organisations } from '../modules/accounts/tables';
import { createOrganisation } from '../modules/accounts/create-organisation';
import { createUser } from '../modules/accounts/create-user';
import { createProject } from '../modules/housing/create-project';
import { createPresaleLicence } from '../modules/housing/create-presale-licence';
import { createBuilding } from '../modules/housing/create-building';
import { importUnits } from '../modules/housing/import-units';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { UNIT_CSV_COLUMNS } from '@netsign/api';

const system = { kind: 'system' } as const;
const pw = (u: string) => DEMO_ACCOUNTS.find((a) => a.username === u)!.password;

/** Two buildings of 10 floors × 6 units: 120 units with areas that add up and a list price. */
export function demoUnitsCsv(floors = 10, perFloor = 6) {
  const rows = [UNIT_CSV_COLUMNS.join(',')];
  for (let f = 1; f <= floors; f++) {
    for (let u = 1; u <= perFloor; u++) {
      const inner = 7500 + u * 850; // hundredths of m²
      const shared = 1200 + u * 110;
      const price = 18000 + f * 150 + u * 20; // yuan per m²
      rows.push(
        [
          `${f}${String(u).padStart(2, '0')}`,
          f,
          '住宅',
          '钢筋混凝土结构',
          ((inner + shared) / 100).toFixed(2),
          (inner / 100).toFixed(2),
          (shared / 100).toFixed(2),
          price,
        ].join(','),
      );
    }
  }
  return rows.join('\n');
}

/**
 * The demo world `npm start` opens on: one seller company with a project under a presale licence,
 * two buildings and 120 units; two notary offices in 中山市; the transaction center; an admin.
 * Runs only on an empty database.
 */
export async function seedDemoData(
  ctx: AppContext,
): Promise<{ seeded: boolean; sellerOrgId?: string; projectId?: string }> {
  const [{ n }] = await ctx.db.select({ n: count() }).from(organisations);
  if (n > 0) return { seeded: false };
  const platform = await createOrganisation(ctx, system, { kind: 'platform', name: '电子公证网签平台管理' });
  await createUser(ctx, system, {
    orgId: platform.id,
    username: 'admin',
    displayName: '系统管理员',
    password: pw('admin'),
  });
  const seller = await createOrganisation(ctx, system, {
    kind: 'seller',
    name: '中山市翠湖置业有限公司',
    uscc: randomUscc(() => 0.42),
    city: '中山市',
    address: '广东省中山市东区兴中道 8 号',
    phone: '0760-88880000',
    legalRepName: '李建国',
    legalRepIdNumber: makeCitizenId({ regionCode: '442000', birthDate: '1970-03-15', sequence: 123 }),
  });
  await createUser(ctx, system, {
    orgId: seller.id,
    username: 'seller',
    displayName: '王小红',
    password: pw('seller'),
  });
  const n1 = await createOrganisation(ctx, system, {
    kind: 'notary',
    name: '广东省中山市中山公证处',
    city: '中山市',
    address: '广东省中山市石岐区悦来南路 22 号',
    certificatePrefix: '粤中山证字',
  });
  await createUser(ctx, system, { orgId: n1.id, username: 'notary', displayName: '陈公证', password: pw('notary') });
  const n2 = await createOrganisation(ctx, system, {
    kind: 'notary',
    name: '广东省中山市香山公证处',
    city: '中山市',
    address: '广东省中山市西区富华道 3 号',
    certificatePrefix: '粤中香证字',
  });
  await createUser(ctx, system, { orgId: n2.id, username: 'notary2', displayName: '林公证', password: pw('notary2') });
  const center = await createOrganisation(ctx, system, {
    kind: 'center',
    name: '中山市房地产交易管理事务中心',
    city: '中山市',
    address: '广东省中山市东区中山四路 1 号',
  });
  await createUser(ctx, system, {
    orgId: center.id,
    username: 'center',
    displayName: '赵备案',
    password: pw('center'),
  });

  const project = await createProject(ctx, system, {
    sellerOrgId: seller.id,
    name: '翠湖花园',
    city: '中山市',
    district: '东区',
    address: '广东省中山市东区翠湖路 18 号',
  });
  const year = ctx.clock.now().getUTCFullYear();
  const licence = await createPresaleLicence(ctx, system, project.id, {
    number: `中山房预许字(${year})第018号`,
    validFrom: `${year - 1}-01-01`,
    validTo: `${year + 2}-12-31`,
  });
  for (const name of ['1栋', '2栋']) {
    const b = await createBuilding(ctx, system, project.id, { name, floors: 10, presaleLicenceId: licence.id });
    await importUnits(ctx, system, b.id, Buffer.from(demoUnitsCsv()));
  }
  return { seeded: true, sellerOrgId: seller.id, projectId: project.id };
}
