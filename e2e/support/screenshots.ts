// Where the browser tests put the pictures of each page. `docs/screenshots/` (the README's
// pictures) only when asked, `NETSIGN_SCREENSHOTS=docs npx vitest run e2e`: a plain test run would
// otherwise rewrite tracked files in every clone it runs in (PNGs differ run to run by a pixel).
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './mobile-build';

export function screenshotPath(file: string): string {
  const dir =
    process.env.NETSIGN_SCREENSHOTS === 'docs'
      ? join(ROOT, 'docs/screenshots')
      : join(process.env.TMPDIR ?? tmpdir(), 'netsign-screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, file);
}
