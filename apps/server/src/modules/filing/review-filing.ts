import { REVIEW_COMMAND } from '@netsign/domain';
import type { TFilingReviewRequest } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { loadFiling, move } from './decide-filing';

/**
 * 审核 (manual 7), after 受理: its result 通过 opens 备案; 退回 sends the application back to the
 * seller with the reason. Who reviewed, when and the result stay on the filing and in its audit chain;
 * the contract records the result in its own timeline when the message reaches it.
 */
export async function reviewFiling(ctx: AppContext, actor: StaffActor, id: string, review: TFilingReviewRequest) {
  return ctx.db.transaction(async (tx) => {
    const row = await loadFiling(tx, actor, id);
    const now = ctx.clock.now();
    const reviewed = { reviewedBy: actor.userId, reviewedAt: now, reviewResult: review.result };
    if (review.result === '通过') return move(ctx, tx, actor, row, REVIEW_COMMAND.通过, reviewed, { review: '通过' });
    return move(
      ctx,
      tx,
      actor,
      row,
      REVIEW_COMMAND.退回,
      { ...reviewed, reason: review.reason, decidedBy: actor.userId, decidedAt: now },
      { review: '退回', reason: review.reason },
    );
  });
}
