// Web Push for the buyer's app: shows the result message and opens 我的 when it is tapped.
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: '电子公证网签', body: event.data ? event.data.text() : '' };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || '电子公证网签', {
      body: data.body || '',
      data: { link: data.link || '/m/mine' },
      tag: data.tag || undefined,
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const link = (event.notification.data && event.notification.data.link) || '/m/mine';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((list) => {
      for (const c of list)
        if (c.url.includes('/m/') && 'focus' in c) {
          c.navigate(link);
          return c.focus();
        }
      return self.clients.openWindow(link);
    }),
  );
});
