import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/app-context';
import { messages } from './tables';
import { localOutboxGateway } from './sms-gateway';
import { orgChannel, phoneChannel } from './live-hub';
import { pushToPhone } from './web-push';
import type { TStatusChanged } from './events';

/** Handles `status.changed`: in-app messages, live updates, and texts to buyers. Idempotent by event id. */
export async function deliverStatusChange(ctx: AppContext, e: TStatusChanged) {
  await ctx.db.transaction(async (tx) => {
    for (const org of e.orgIds) {
      await tx.insert(messages).values({
        id: randomUUID(),
        recipientKind: 'org',
        recipient: org,
        title: e.title,
        body: e.body,
        link: e.link ?? null,
      });
    }
    for (const phone of e.phones ?? []) {
      await tx.insert(messages).values({
        id: randomUUID(),
        recipientKind: 'phone',
        recipient: phone,
        title: e.title,
        body: e.body,
        link: e.link ?? null,
      });
      if (e.sms)
        await localOutboxGateway.send(tx, { channel: 'sms', to: phone, body: `【电子公证网签】${e.title}：${e.body}` });
    }
  });
  const live = { entity: e.entity, id: e.id, status: e.status, title: e.title };
  for (const org of e.orgIds) await ctx.live.publish(orgChannel(org), live);
  for (const phone of e.phones ?? []) await ctx.live.publish(phoneChannel(phone), live);
  // outside the transaction: a slow push service must not hold database locks
  for (const phone of e.phones ?? []) await pushToPhone(ctx, phone, { title: e.title, body: e.body, link: e.link });
}
