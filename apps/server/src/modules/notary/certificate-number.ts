import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/app-context';

/**
 * The next certificate number of the office for the year, inside the approval's transaction: the
 * counter row stays locked until commit and a rollback gives the number back, so numbers have no
 * gap and no duplicate however many notaries approve at once (公证程序规则).
 */
export async function nextCertificateNumber(
  tx: Executor,
  office: { id: string; certificatePrefix: string | null },
  year: number,
) {
  const res: any = await tx.execute(sql`
    insert into certificate_counters (office_id, year, last) values (${office.id}, ${year}, 1)
    on conflict (office_id, year) do update set last = certificate_counters.last + 1
    returning last`);
  const n = Number((res.rows ?? res)[0].last);
  return `(${year})${office.certificatePrefix ?? '证字'}第${n}号`;
}
