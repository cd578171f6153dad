import { and, asc, eq, isNull } from 'drizzle-orm';
import type { RuleViolation } from '@netsign/domain';
import { MATERIAL_CATEGORIES } from '@netsign/api';
import type { Executor } from '../../platform/db';
import { contractMaterials } from './tables';

export async function listMaterials(tx: Executor, contractId: string) {
  return tx
    .select()
    .from(contractMaterials)
    .where(and(eq(contractMaterials.contractId, contractId), isNull(contractMaterials.deletedAt)))
    .orderBy(asc(contractMaterials.createdAt));
}

/** Which required categories are missing (or have too few files) for the chosen path. */
export function missingMaterials(materials: { category: string }[], path: 'notarized' | 'paper'): RuleViolation[] {
  return MATERIAL_CATEGORIES.filter((c) => c.required || ('paperOnly' in c && c.paperOnly && path === 'paper'))
    .filter((c) => !('paperOnly' in c && c.paperOnly && path !== 'paper'))
    .flatMap((c) => {
      const have = materials.filter((m) => m.category === c.key).length;
      const need = 'minFiles' in c ? c.minFiles : 1;
      return have >= need
        ? []
        : [
            {
              field: `materials.${c.key}`,
              code: 'MATERIAL_REQUIRED',
              message: `请上传「${c.label}」${need > 1 ? `（至少 ${need} 个文件，现有 ${have} 个）` : ''}`,
            },
          ];
    });
}
