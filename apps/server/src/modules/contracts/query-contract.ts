import { eq } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import type { TContractParties } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import { contracts } from './tables';
import { verifyPassword } from '../accounts/passwords';
import { appendAudit } from '../audit/append-audit';

const failures = new Map<string, { n: number; until: number }>();

/** 合同查询: anyone holding the 业务号 and the contract password sees its status (not ID numbers). */
export async function queryContract(ctx: AppContext, businessNo: string, password: string, client: string) {
  const now = Date.now();
  const f = failures.get(client);
  if (f && f.n >= 5 && f.until > now) throw new DomainError('TOO_MANY_ATTEMPTS', '尝试次数过多，请 15 分钟后再试', 429);
  const [row] = await ctx.db.select().from(contracts).where(eq(contracts.businessNo, businessNo));
  const good = row?.passwordHash ? await verifyPassword(row.passwordHash, password) : false;
  if (!row || !good) {
    failures.set(client, { n: (f && f.until > now ? f.n : 0) + 1, until: now + 15 * 60_000 });
    throw new DomainError('QUERY_FAILED', '业务号或合同密码错误', 404);
  }
  failures.delete(client);
  await ctx.db.transaction((tx) => appendAudit(tx, { actor: 'public', orgId: row.sellerOrgId, action: 'contract.queried', entity: 'contract', entityId: row.id }, ctx.clock.now()));
  const p = row.parties as TContractParties;
  return {
    businessNo: row.businessNo, status: row.status, seller: p.seller.name,
    unit: `${p.unit.projectName} ${p.unit.building} ${p.unit.number}`,
    certificateNumber: row.certificateNumber, filingNumber: row.filingNumber, updatedAt: row.updatedAt,
  };
}
