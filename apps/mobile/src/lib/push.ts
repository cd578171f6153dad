// 订阅消息: Web Push with the server's VAPID key. The server side is described in docs/MOBILE.md
// (GET /api/buyer/push/key, POST /api/buyer/push/subscribe, POST /api/buyer/push/unsubscribe).
import { ZPushKey, ZPushSubscribed } from '@netsign/api';
import { ApiError, get, post } from './api';

export const pushSupported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

function keyBytes(base64url: string) {
  const pad = '='.repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob((base64url + pad).replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

async function registration() {
  return (
    (await navigator.serviceWorker.getRegistration('/m/')) ??
    navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' })
  );
}

export async function isSubscribed(): Promise<boolean> {
  if (!pushSupported()) return false;
  const reg = await navigator.serviceWorker.getRegistration('/m/');
  return Boolean(await reg?.pushManager.getSubscription());
}

export async function subscribe(): Promise<void> {
  if (!pushSupported()) throw new Error('当前浏览器不支持消息推送，审批结果请在「我的」查看，或留意短信通知');
  let publicKey: string;
  try {
    publicKey = (await get('/api/buyer/push/key', ZPushKey)).publicKey;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404)
      throw new Error('消息推送服务暂未开通，审批结果请在「我的」查看，或留意短信通知');
    throw e;
  }
  const permission = await Notification.requestPermission();
  if (permission !== 'granted')
    throw new Error('未允许通知：请在浏览器设置中允许本网站发送通知后重试；审批结果请在「我的」查看，或留意短信通知');
  const reg = await registration();
  await navigator.serviceWorker.ready;
  let sub: PushSubscription;
  try {
    sub =
      (await reg.pushManager.getSubscription()) ??
      (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  } catch {
    // the browser's own push service cannot be reached (e.g. no connection to it)
    throw new Error('暂时无法开通消息推送，请稍后重试；审批结果请在「我的」查看，或留意短信通知');
  }
  await post('/api/buyer/push/subscribe', sub.toJSON(), {}, ZPushSubscribed);
}

export async function unsubscribe(): Promise<void> {
  const reg = await navigator.serviceWorker.getRegistration('/m/');
  const sub = await reg?.pushManager.getSubscription();
  if (!sub) return;
  await post('/api/buyer/push/unsubscribe', { endpoint: sub.endpoint }, {}, ZPushSubscribed).catch(() => undefined);
  await sub.unsubscribe();
}
