import { allowedCommands, contractMachine, filingDeadline, type ContractStatus } from '@netsign/domain';
import { MATERIAL_CATEGORIES, type TContractParties } from '@netsign/api';
import type { ContractRow } from './contract-access';
import { missingMaterials } from './list-materials';

/** What the contract page shows: the record without secrets, what may be done next, and deadlines. */
export function contractView(row: ContractRow, materials: { id: string; category: string; fileName: string; mime: string; size: number; fileSha256: string; createdAt: Date }[]) {
  const { passwordHash, ...rest } = row;
  const parties = row.parties as TContractParties;
  return {
    ...rest,
    passwordSet: Boolean(passwordHash),
    allowed: allowedCommands(contractMachine, row.status as ContractStatus),
    materials: MATERIAL_CATEGORIES.map((c) => ({ ...c, files: materials.filter((m) => m.category === c.key) })),
    missingForPush: missingMaterials(materials, 'notarized'),
    missingForPaper: missingMaterials(materials, 'paper'),
    // GF-2014-0171 art. 19: apply for filing within 30 days of signing
    filingDeadline: row.signedAt ? filingDeadline(row.signedAt) : null,
    unitLabel: `${parties.unit.projectName} ${parties.unit.building} ${parties.unit.number}`,
  };
}
