import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/app-context';
import { CASE_DECIDED, CONTRACT_PUSHED, type TCaseDecided, type TContractPushed } from '../events';
import { receiveCase } from './receive-case';
import { archiveCase } from './archive-case';
import { notaryStaffRoutes } from './staff-routes';
import { notaryBuyerRoutes } from './buyer-routes';

/** The notary context: the events it handles, the office's console routes and the buyer's app routes. */
export async function notaryRoutes(app: FastifyInstance, ctx: AppContext) {
  await ctx.bus.on(CONTRACT_PUSHED, (e: TContractPushed) => receiveCase(ctx, e));
  await ctx.bus.on(CASE_DECIDED, async (e: TCaseDecided) => {
    await archiveCase(ctx, e.caseId);
  });
  await notaryStaffRoutes(app, ctx);
  await notaryBuyerRoutes(app, ctx);
}
