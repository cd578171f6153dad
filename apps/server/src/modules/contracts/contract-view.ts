import {
  allowedCommands,
  contractMachine,
  filingDeadline,
  provisionalYearsBetween,
  type WorkCalendar,
} from '@netsign/domain';
import { MATERIAL_CATEGORIES, type TContractView, unitLabel } from '@netsign/api';
import type { Jsonable } from '../../http/json-answers';
import type { ContractRow } from './contract-access';
import { missingMaterials } from './list-materials';
import type { contractMaterials } from './tables';

type MaterialRow = Pick<
  typeof contractMaterials.$inferSelect,
  'id' | 'category' | 'fileName' | 'mime' | 'size' | 'fileSha256' | 'createdAt'
>;

/** A 收件材料 file as the page lists it (who uploaded it and the deletion mark stay on the server). */
export const materialFileView = (m: MaterialRow) => ({
  id: m.id,
  category: m.category,
  fileName: m.fileName,
  mime: m.mime,
  size: m.size,
  fileSha256: m.fileSha256,
  createdAt: m.createdAt,
});

/**
 * What the contract page shows (`ZContractView` lists it): the recorded fields by name — the
 * password hash only as whether it is set — what may be done next, materials and deadlines.
 */
export function contractView(
  row: ContractRow,
  materials: MaterialRow[],
  calendar: WorkCalendar | null,
): Jsonable<TContractView> {
  const parties = row.parties;
  return {
    id: row.id,
    businessNo: row.businessNo,
    sellerOrgId: row.sellerOrgId,
    projectId: row.projectId,
    unitId: row.unitId,
    status: row.status,
    path: row.path,
    terms: row.terms as Record<string, unknown>,
    parties,
    totalPrice: row.totalPrice,
    notaryOfficeId: row.notaryOfficeId,
    notaryCaseId: row.notaryCaseId,
    qrLink: row.qrLink,
    qrExpiresAt: row.qrExpiresAt,
    econtractFile: row.econtractFile,
    econtractSha256: row.econtractSha256,
    certificateNumber: row.certificateNumber,
    certificateFile: row.certificateFile,
    filingNumber: row.filingNumber,
    filingRecordFile: row.filingRecordFile,
    returnReason: row.returnReason,
    signedAt: row.signedAt,
    submittedAt: row.submittedAt,
    createdBy: row.createdBy,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    passwordSet: Boolean(row.passwordHash),
    allowed: allowedCommands(contractMachine, row.status),
    materials: MATERIAL_CATEGORIES.map((c) => ({
      ...c,
      types: [...c.types],
      files: materials.filter((m) => m.category === c.key).map(materialFileView),
    })),
    missingForPush: missingMaterials(materials, 'notarized'),
    missingForPaper: missingMaterials(materials, 'paper'),
    filingDeadline: row.signedAt && calendar ? filingDeadlineView(row.signedAt, calendar) : null,
    unitLabel: unitLabel(parties.unit),
  };
}

/** GF-2014-0171 art. 19: apply for filing within 30 days of signing, by the working-day calendar. */
function filingDeadlineView(signedAt: Date, calendar: WorkCalendar) {
  const d = filingDeadline(signedAt, calendar);
  return { ...d, provisionalYears: provisionalYearsBetween(signedAt, d.date, calendar) };
}
