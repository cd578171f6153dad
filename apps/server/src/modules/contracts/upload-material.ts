import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DomainError, MATERIALS_EDITABLE, type ContractStatus } from '@netsign/domain';
import { MATERIAL_CATEGORIES, type TMaterialCategory } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import { actorId } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { contractMaterials } from './tables';
import { loadOwnContract } from './contract-access';
import { storeUpload } from '../files/store-upload';
import { appendAudit } from '../audit/append-audit';

export function materialCategory(key: string) {
  const c = MATERIAL_CATEGORIES.find((x) => x.key === key);
  if (!c)
    throw new DomainError('UNKNOWN_CATEGORY', `没有「${key}」这类收件材料`, 400, [
      { field: 'category', code: 'UNKNOWN_CATEGORY', message: '材料类别不存在' },
    ]);
  return c;
}

function assertEditable(status: string) {
  if (!MATERIALS_EDITABLE.includes(status as ContractStatus)) {
    throw new DomainError(
      'ILLEGAL_STATE',
      `合同当前状态为「${status}」，不能修改收件材料（需处于：${MATERIALS_EDITABLE.join('、')}）`,
      409,
    );
  }
}

/** 上传附件 under one 收件材料 category: streamed, checked by its bytes, recorded with its hash. */
export async function uploadMaterial(
  ctx: AppContext,
  actor: StaffActor,
  contractId: string,
  category: TMaterialCategory,
  file: { stream: Readable; filename: string },
) {
  const cat = materialCategory(category);
  // check before reading the body, so a refused upload costs nothing
  const before = await loadOwnContract(ctx.db, actor, contractId, false);
  assertEditable(before.status);
  const stored = await storeUpload(ctx, null, file.stream, {
    field: 'file',
    label: cat.label,
    types: cat.types,
    maxBytes: cat.maxBytes,
  });
  return ctx.db.transaction(async (tx) => {
    const row = await loadOwnContract(tx, actor, contractId);
    assertEditable(row.status);
    const id = randomUUID();
    const [m] = await tx
      .insert(contractMaterials)
      .values({
        id,
        contractId,
        category,
        fileSha256: stored.sha256,
        fileName: file.filename.slice(0, 200),
        mime: stored.mime,
        size: stored.size,
        uploadedBy: actor.userId,
      })
      .returning();
    await appendAudit(
      tx,
      {
        actor: actorId(actor),
        orgId: actor.orgId,
        action: 'material.uploaded',
        entity: 'contract',
        entityId: contractId,
        data: { category, sha256: stored.sha256, size: stored.size },
      },
      ctx.clock.now(),
    );
    return m;
  });
}

/** Removes a material before pushing; the bytes and the record stay, marked deleted. */
export async function deleteMaterial(ctx: AppContext, actor: StaffActor, contractId: string, materialId: string) {
  const { and, eq, isNull } = await import('drizzle-orm');
  return ctx.db.transaction(async (tx) => {
    const row = await loadOwnContract(tx, actor, contractId);
    assertEditable(row.status);
    const done = await tx
      .update(contractMaterials)
      .set({ deletedAt: ctx.clock.now() })
      .where(
        and(
          eq(contractMaterials.id, materialId),
          eq(contractMaterials.contractId, contractId),
          isNull(contractMaterials.deletedAt),
        ),
      )
      .returning();
    if (!done.length) throw new DomainError('NOT_FOUND', '材料不存在或已删除', 404);
    await appendAudit(
      tx,
      {
        actor: actorId(actor),
        orgId: actor.orgId,
        action: 'material.deleted',
        entity: 'contract',
        entityId: contractId,
        data: { materialId },
      },
      ctx.clock.now(),
    );
    return { ok: true } as const;
  });
}
