import { or, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/app-context';
import { dataKeysOf, idNumberIndexes } from '../../platform/personal-data';
import { contracts } from './tables';

/**
 * Contracts with a buyer of this ID number, found by its blind index: the number itself is sealed
 * (docs/SECURITY.md, item 12), so only a whole number finds a contract, never a part of one.
 */
export function hasBuyerIdNumber(ctx: AppContext, idNumber: string) {
  return or(
    ...idNumberIndexes(dataKeysOf(ctx), idNumber).map(
      (h) => sql`${contracts.terms}->'buyers' @> ${JSON.stringify([{ idNumberIndex: h }])}::jsonb`,
    ),
  );
}
