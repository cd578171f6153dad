import { unitLabel } from '@netsign/api';
import { eq } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import { parseBusinessNo } from '@netsign/domain/business-no';
import type { AppContext } from '../../platform/app-context';
import { contracts } from './tables';
import { verifyOrDummy } from '../accounts/passwords';
import { appendAudit } from '../audit/append-audit';
import { hit, refund, resetAfterSuccess, tooMany } from '../../platform/throttle';

/** The counter of 合同查询 attempts on one 业务号 (the seller may lift its lock). */
export const queryThrottleKey = (businessNo: string) => `contract-query:no:${businessNo}`;

/**
 * 合同查询: anyone holding the 业务号 and the contract password sees its status (not ID numbers).
 * Guesses are limited per 业务号 (the target: escalating waits, then a lockout the seller can
 * lift) and, second, per client address; each attempt is counted in the database before the
 * password is checked. Unknown numbers cost the same work and get the same answers as known ones.
 */
export async function queryContract(ctx: AppContext, input: string, password: string, client: string) {
  const parsed = parseBusinessNo(input);
  if (!parsed.ok) throw new DomainError('VALIDATION_FAILED', parsed.violations[0].message, 400, parsed.violations);
  const businessNo = parsed.value;
  const now = ctx.clock.now();
  const limits = ctx.config.LIMITS;
  const fromIp = await hit(ctx.db, `contract-query:ip:${client}`, limits.contractQueryIp, now);
  if (!fromIp.allowed) throw tooMany(fromIp, '合同查询失败次数过多');
  const target = await hit(ctx.db, queryThrottleKey(businessNo), limits.contractQuery, now);
  if (!target.allowed) {
    const lockout = target.count >= limits.contractQuery.lockAfter;
    throw tooMany(target, '该业务号的查询失败次数过多', lockout ? '，或请开发企业在合同页面解除锁定' : '');
  }
  const [row] = await ctx.db.select().from(contracts).where(eq(contracts.businessNo, businessNo));
  if (!row || !(await verifyOrDummy(row.passwordHash, password)))
    throw new DomainError('QUERY_FAILED', '业务号或合同密码错误', 404);
  await resetAfterSuccess(ctx.db, target, limits.contractQuery);
  await refund(ctx.db, fromIp.key, limits.contractQueryIp);
  await ctx.db.transaction((tx) =>
    appendAudit(
      tx,
      { actor: 'public', orgId: row.sellerOrgId, action: 'contract.queried', entity: 'contract', entityId: row.id },
      now,
    ),
  );
  const p = row.parties;
  return {
    businessNo: row.businessNo,
    status: row.status,
    seller: p.seller.name,
    unit: unitLabel(p.unit),
    certificateNumber: row.certificateNumber,
    filingNumber: row.filingNumber,
    updatedAt: row.updatedAt,
  };
}
