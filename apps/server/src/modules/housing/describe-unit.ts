import { and, eq } from 'drizzle-orm';
import type { TContractParties } from '@netsign/api';
import type { Executor } from '../../platform/db';
import { units, buildings, projects, presaleLicences } from './tables';
import { notFound } from '../../http/errors';

/** The unit as a contract describes it, for the seller that owns it. */
export async function describeUnit(
  tx: Executor,
  unitId: string,
  sellerOrgId: string,
): Promise<
  TContractParties['unit'] & { unitId: string; projectId: string; status: string; listUnitPrice: number | null }
> {
  const [r] = await tx
    .select({ u: units, b: buildings, p: projects, l: presaleLicences })
    .from(units)
    .innerJoin(buildings, eq(buildings.id, units.buildingId))
    .innerJoin(projects, eq(projects.id, units.projectId))
    .leftJoin(presaleLicences, eq(presaleLicences.id, buildings.presaleLicenceId))
    .where(and(eq(units.id, unitId), eq(units.sellerOrgId, sellerOrgId)));
  if (!r) throw notFound('房屋');
  return {
    unitId: r.u.id,
    projectId: r.p.id,
    status: r.u.status,
    listUnitPrice: r.u.listUnitPrice,
    projectName: r.p.name,
    city: r.p.city,
    address: r.p.address,
    building: r.b.name,
    number: r.u.number,
    floor: r.u.floor,
    use: r.u.use,
    structure: r.u.structure,
    buildArea: r.u.buildArea,
    innerArea: r.u.innerArea,
    sharedArea: r.u.sharedArea,
    presaleLicence: r.l?.number ?? '',
  };
}
