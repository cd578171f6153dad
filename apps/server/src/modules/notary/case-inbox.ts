import { and, asc, count, eq, ilike } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZCaseInboxQuery } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { notaryCases } from './tables';
import { applicationsByCase, byReceived, inboxRow } from './case-views';
import { loadedCase } from './stored-evidence';

/** 案件收件箱: the office's cases of a status, searched by 业务号, newest or nearest deadline first. */
export async function caseInbox(ctx: AppContext, actor: StaffActor, query: z.output<typeof ZCaseInboxQuery>) {
  const { status, q, sort, page, pageSize } = query;
  const where = and(
    eq(notaryCases.officeId, actor.orgId),
    status ? eq(notaryCases.status, status) : undefined,
    q ? ilike(notaryCases.businessNo, `%${q}%`) : undefined,
  );
  const [{ total }] = await ctx.db.select({ total: count() }).from(notaryCases).where(where);
  const rows = (
    await ctx.db
      .select()
      .from(notaryCases)
      .where(where)
      .orderBy(sort === 'deadline' ? asc(notaryCases.deadline) : byReceived)
      .limit(pageSize)
      .offset((page - 1) * pageSize)
  ).map(loadedCase);
  const apps = await applicationsByCase(
    ctx,
    rows.map((r) => r.id),
  );
  const calendar = await ctx.calendar.current(ctx.db);
  return {
    total,
    page,
    pageSize,
    items: rows.map((r) => inboxRow(r, apps.get(r.id) ?? [], ctx.clock.now(), calendar)),
  };
}
