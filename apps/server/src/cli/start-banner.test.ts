import { describe, expect, it } from 'vitest';
import { loadConfig } from '../platform/config';
import { lanAddresses, startBanner } from './start-banner';

// Issue 16 item 13: a new user's phone cannot open http://localhost:PORT; the start banner says
// which addresses a phone on the same network can use and how to set PUBLIC_URL.
const interfaces = {
  lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true } as any],
  eth0: [
    { address: '192.168.1.23', family: 'IPv4', internal: false } as any,
    { address: 'fe80::1', family: 'IPv6', internal: false } as any,
  ],
  wlan0: [{ address: '169.254.10.2', family: 'IPv4', internal: false } as any],
};

describe('start banner', () => {
  it('lists the LAN addresses (not loopback, IPv6 link-local or 169.254) and tells how to set PUBLIC_URL when it is unset', () => {
    expect(lanAddresses(interfaces)).toEqual(['192.168.1.23']);
    const text = startBanner({
      config: loadConfig({}, { PORT: 3000 as any }),
      database: 'pglite',
      lan: lanAddresses(interfaces),
    }).join('\n');
    expect(text).toContain('http://192.168.1.23:3000');
    expect(text).toContain('PUBLIC_URL=http://192.168.1.23:3000 npm start');
  });

  it('with PUBLIC_URL set to a reachable address: no PUBLIC_URL warning', () => {
    const text = startBanner({
      config: loadConfig({}, { PUBLIC_URL: 'http://192.168.1.23:3000' }),
      database: 'pglite',
      lan: ['192.168.1.23'],
    }).join('\n');
    expect(text).not.toContain('PUBLIC_URL=');
    expect(text).toContain('公证书核验: http://192.168.1.23:3000/verify');
  });

  it('listening on loopback only: says a phone cannot reach it and names HOST', () => {
    const text = startBanner({
      config: loadConfig({}, { HOST: '127.0.0.1' }),
      database: 'pglite',
      lan: ['192.168.1.23'],
    }).join('\n');
    expect(text).not.toContain('http://192.168.1.23');
    expect(text).toContain('HOST=0.0.0.0');
  });
});

describe('FACE_CHALLENGES: one name, checked', () => {
  it('refuses an unknown action, naming it and the allowed ones', () => {
    expect(() => loadConfig({ FACE_CHALLENGES: 'blink,smile' })).toThrow(
      /smile[\s\S]*blink, turn-left, turn-right, open-mouth/,
    );
    expect(loadConfig({ FACE_CHALLENGES: 'blink, turn-left' }).FACE_CHALLENGES).toBe('blink, turn-left');
  });
  it('refuses the face package’s old name instead of ignoring it', () => {
    expect(() => loadConfig({ NETSIGN_FACE_CHALLENGES: 'blink' })).toThrow(/FACE_CHALLENGES/);
  });
});
