import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import forge from 'node-forge';
import { createECDH, randomBytes } from 'node:crypto';
import ece from 'http_ece';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { expectOk, eventually } from '../../demo/walk/expect';
import { DEMO_BUYERS } from '../../demo/demo-accounts';

// A push service of our own on loopback stands in for the browser vendor's: it receives what a
// real one would, and the test decrypts it with the subscription's keys as the browser would.
describe('订阅消息: Web Push with the server’s VAPID key', () => {
  let w: DemoWorld;
  const received: { path: string; headers: IncomingMessage['headers']; body: Buffer }[] = [];
  // a push service speaks HTTPS: a self-signed certificate for 127.0.0.1 that this test process trusts
  const tls = selfSigned();
  https.globalAgent.options.ca = [tls.cert];
  const push = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(req.url!.includes('gone') ? 410 : 201).end();
    });
  });
  let base = '';
  beforeAll(async () => {
    w = await demoWorld();
    await new Promise<void>((r) => push.listen(0, '127.0.0.1', r));
    base = `https://127.0.0.1:${(push.address() as any).port}`;
  }, 120_000);
  afterAll(async () => {
    push.close();
    await w?.close();
  });

  async function buyerSession(phone: string) {
    const b = w.client();
    expectOk(await b.post('/api/buyer/otp', { phone }), 'otp');
    const code = /验证码为 (\d{6})/.exec(expectOk(await b.get(`/api/dev/outbox?to=${phone}`), 'outbox')[0].body)![1];
    expectOk(await b.post('/api/buyer/login', { phone, code }), 'login');
    return b;
  }

  it('delivers the buyer’s result messages, signed with the server’s key and readable only by the browser', async () => {
    // a phone gets sign-in codes once it is a buyer's on a pushed contract
    await w.pushedContract();
    const b = await buyerSession(DEMO_BUYERS[0].phone);
    const { publicKey } = expectOk(await b.get('/api/buyer/push/key'), 'key');
    const browser = createECDH('prime256v1');
    browser.generateKeys();
    const auth = randomBytes(16);
    expectOk(
      await b.post('/api/buyer/push/subscribe', {
        endpoint: `${base}/push/alive`,
        keys: { p256dh: browser.getPublicKey('base64url'), auth: auth.toString('base64url') },
      }),
      'subscribe',
    );
    expectOk(
      await b.post('/api/buyer/push/subscribe', {
        endpoint: `${base}/push/gone`,
        keys: { p256dh: browser.getPublicKey('base64url'), auth: auth.toString('base64url') },
      }),
      'subscribe 2',
    );

    const c = await w.pushedContract();
    const open = (r: (typeof received)[number]) =>
      JSON.parse(
        ece
          .decrypt(r.body, { version: 'aes128gcm', privateKey: browser, authSecret: auth.toString('base64url') })
          .toString(),
      );
    // (the first contract's own messages may still arrive: look for the new contract's)
    const got = await eventually('a push', async () =>
      received.find((r) => r.path === '/push/alive' && open(r).title.includes(c.businessNo)),
    );
    expect(got.headers['content-encoding']).toBe('aes128gcm');
    expect(String(got.headers.authorization)).toMatch(/^vapid t=.+, k=/);
    expect(String(got.headers.authorization)).toContain(`k=${publicKey}`);
    expect(open(got).title).toContain(c.businessNo);

    // the push service said the other subscription is gone: it is not tried again
    await eventually('gone tried', async () => received.find((r) => r.path === '/push/gone'));
    received.length = 0;
    await w.pushedContract();
    await eventually('second push', async () => received.find((r) => r.path === '/push/alive'));
    expect(received.filter((r) => r.path === '/push/gone')).toEqual([]);
  });
});

function selfSigned() {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  const name = [{ name: 'commonName', value: '127.0.0.1' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { key: forge.pki.privateKeyToPem(keys.privateKey), cert: forge.pki.certificateToPem(cert) };
}
