// A SoftHSM2 token of the test's own, in a temporary directory (SOFTHSM2_CONF points at its
// config; SoftHSM reads it when the library is first initialised in the process).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmp } from './tools.ts';

export const SOFTHSM_LIBRARY =
  ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'].find((p) => existsSync(p)) ??
  '/usr/lib/softhsm/libsofthsm2.so';

/** One SoftHSM2 configuration per process, holding any number of tokens. */
let conf: string | undefined;

export function softHsmToken(label: string, pin = '123456', soPin = '12345678') {
  if (!conf) {
    const dir = tmp();
    mkdirSync(join(dir, 'tokens'));
    conf = join(dir, 'softhsm2.conf');
    writeFileSync(
      conf,
      `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
    );
    process.env.SOFTHSM2_CONF = conf;
  }
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin], {
    env: { ...process.env, SOFTHSM2_CONF: conf },
    stdio: 'pipe',
  });
  return { library: SOFTHSM_LIBRARY, token: label, pin, conf };
}
