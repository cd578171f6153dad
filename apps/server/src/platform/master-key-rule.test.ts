// Production never makes its own master key: a key file beside the database would sit in the same
// backups as the private keys it encrypts (issue 13 item 4).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { loadConfig } from './config';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../../bin/netsign.mjs');

describe('MASTER_KEY in production', () => {
  it('`netsign serve` with NODE_ENV=production and no MASTER_KEY exits with a clear message and writes no key file', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'netsign-prod-'));
    try {
      const env: Record<string, string | undefined> = {
        ...process.env,
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        PGLITE_MEMORY: 'true',
        DATABASE_URL: '',
      };
      delete env.MASTER_KEY;
      delete env.PKCS11_LIBRARY;
      const r = spawnSync(process.execPath, [bin, 'serve'], { env, encoding: 'utf8', timeout: 120_000 });
      expect(r.status).not.toBe(0);
      expect(r.stderr + r.stdout).toMatch(/MASTER_KEY/);
      expect(r.stderr + r.stdout).toMatch(/生产环境/);
      expect(existsSync(join(dataDir, 'master.key'))).toBe(false);
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);

  it('the rule: production needs MASTER_KEY or a PKCS#11 token; other environments may make a key file', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MASTER_KEY/);
    expect(() => loadConfig({ NODE_ENV: 'production', MASTER_KEY: 'xyz' })).toThrow(); // not 64 hex digits
    expect(loadConfig({ NODE_ENV: 'production', MASTER_KEY: randomBytes(32).toString('hex') }).NODE_ENV).toBe(
      'production',
    );
    expect(
      loadConfig({
        NODE_ENV: 'production',
        PKCS11_LIBRARY: '/usr/lib/softhsm/libsofthsm2.so',
        PKCS11_TOKEN: 'netsign',
        PKCS11_PIN: '1234',
      }).PKCS11_TOKEN,
    ).toBe('netsign');
    expect(() => loadConfig({ NODE_ENV: 'production', PKCS11_LIBRARY: '/usr/lib/softhsm/libsofthsm2.so' })).toThrow(
      /PKCS11_TOKEN/,
    );
    expect(loadConfig({ NODE_ENV: 'development' }).MASTER_KEY).toBeUndefined();
  });
});
