// `netsign keys revoke|rotate` as an operator runs them: a separate process on the server's database.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../../bin/netsign.mjs');
const dataDir = mkdtempSync(join(tmpdir(), 'netsign-keys-cli-'));
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  DATABASE_URL: '',
  PGLITE_MEMORY: 'false',
  NODE_ENV: 'test',
  MASTER_KEY: randomBytes(32).toString('hex'),
  PUBLIC_URL: 'https://netsign.example',
};
const netsign = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, 'keys', ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('netsign keys revoke / rotate', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rotates, revokes with a named reason, refuses an unknown reason or organisation, and lists the states', () => {
    const rotated = netsign('rotate', 'tsa');
    expect(rotated.code, rotated.err).toBe(0);
    expect(rotated.out).toMatch(/已换发 rotated tsa/);
    const bad = netsign('revoke', 'tsa', '--reason', 'because');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/keyCompromise/);
    const revoked = netsign('revoke', 'tsa', '--reason', 'keyCompromise');
    expect(revoked.code, revoked.err).toBe(0);
    expect(revoked.out).toMatch(/已吊销 revoked tsa serial [0-9a-f]+ .*\(keyCompromise\); CRL published/);
    const twice = netsign('revoke', 'tsa', '--reason', 'keyCompromise');
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/KEY_ALREADY_REVOKED/);
    expect(netsign('revoke', '没有这个机构', '--reason', 'superseded').err).toMatch(/ORGANISATION_NOT_FOUND/);
    const again = netsign('rotate', 'tsa');
    expect(again.out).toMatch(/old certificate kept as tsa#[0-9a-f]+/);
    const root = netsign('rotate', 'platform-ca');
    expect(root.code, root.err).toBe(0);
    const list = netsign('list').out;
    expect(list).toMatch(/^tsa#[0-9a-f]+\s+revoked .*keyCompromise/m);
    expect(list).toMatch(/^platform-ca#[0-9a-f]+\s+retired/m);
    expect(list).toMatch(/^tsa\s+generated/m);
  }, 600_000);
});
