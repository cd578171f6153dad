import webpush from 'web-push';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/app-context';
import { keyStore } from '../../platform/tables';
import { keyMetaOf, ZVapidMeta } from '../../platform/key-store-meta';
import { seal, unseal } from '../../platform/crypto';
import { masterKey } from '../documents/keys';
import { pushSubscriptions } from './tables';

let vapid: Promise<{ publicKey: string; privateKey: string }> | undefined;

/** The server's VAPID key pair, made on first use; the private half stored under the master key. */
export function vapidKeys(ctx: AppContext) {
  vapid ??= (async () => {
    const read = async () => (await ctx.db.select().from(keyStore).where(eq(keyStore.name, 'vapid')))[0];
    let row = await read();
    if (!row) {
      const k = webpush.generateVAPIDKeys();
      await ctx.db
        .insert(keyStore)
        .values({
          name: 'vapid',
          encryptedKey: seal(masterKey(ctx).toString('hex'), Buffer.from(k.privateKey)),
          meta: { publicKey: k.publicKey },
        })
        .onConflictDoNothing();
      row = await read();
    }
    return {
      publicKey: keyMetaOf(ZVapidMeta, row!).publicKey,
      privateKey: unseal(masterKey(ctx).toString('hex'), row!.encryptedKey!).toString(),
    };
  })();
  vapid.catch(() => (vapid = undefined));
  return vapid;
}

/** Sends a result message to every browser the buyer subscribed; a gone subscription is dropped. */
export async function pushToPhone(
  ctx: AppContext,
  phone: string,
  message: { title: string; body: string; link?: string },
) {
  const subs = await ctx.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.phone, phone));
  if (!subs.length) return;
  const keys = await vapidKeys(ctx);
  for (const s of subs) {
    try {
      await webpush.sendNotification(
        { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
        JSON.stringify(message),
        {
          TTL: 24 * 3600,
          vapidDetails: {
            subject: ctx.config.publicUrl.startsWith('https:') ? ctx.config.publicUrl : 'mailto:netsign@localhost',
            publicKey: keys.publicKey,
            privateKey: keys.privateKey,
          },
          timeout: 10_000,
        },
      );
    } catch (e: any) {
      if (e?.statusCode === 404 || e?.statusCode === 410)
        await ctx.db.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, s.endpoint));
      else ctx.log.warn({ err: e?.message, status: e?.statusCode }, 'web push not delivered');
    }
  }
}
