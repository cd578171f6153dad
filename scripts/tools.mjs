// The outside programs the tests use, each with the Debian package that brings it. `npm test`
// checks them before running anything: a missing one is installed (apt-get, as root) or named
// with the exact command to run — never skipped in silence.
import { execFileSync, spawnSync } from 'node:child_process';

export const TOOLS = [
  { command: 'chromium', pkg: 'chromium', for: 'browser tests (e2e/)' },
  { command: 'pdftotext', pkg: 'poppler-utils', for: 'PDF text, fonts and signatures (pdffonts, pdfsig)' },
  { command: 'qpdf', pkg: 'qpdf', for: 'PDF structure checks' },
  { command: 'zbarimg', pkg: 'zbar-tools', for: 'reading QR codes from rendered pages' },
  { command: 'ffmpeg', pkg: 'ffmpeg', for: 'evidence videos and the fake camera' },
  { command: 'certutil', pkg: 'libnss3-tools', for: 'an NSS database of trusted roots for pdfsig' },
  { command: 'mutool', pkg: 'mupdf-tools', for: 'a second PDF signature checker (mutool sign -v)' },
  {
    command: 'gs',
    pkg: 'ghostscript',
    for: 'a second PDF renderer (the font subset test compares poppler and Ghostscript)',
  },
  { font: 'Noto Sans CJK', pkg: 'fonts-noto-cjk', for: 'Chinese text in browser screenshots' },
  { command: 'haproxy', pkg: 'haproxy', for: 'the load balancer of npm run cluster and its test (deploy/haproxy.cfg)' },
  { command: 'softhsm2-util', pkg: 'softhsm2', for: 'a PKCS#11 token for the hardware key store tests (SoftHSM2)' },
  { command: 'unzip', pkg: 'unzip', for: 'ZIP tools open the case archive (公证卷宗, unzip -t)' },
  {
    command: 'python3',
    pkg: 'python3',
    for: "a second ZIP reader and writer for the case archive tests (Python's zipfile)",
  },
];

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const hasFont = (family) => {
  try {
    return execFileSync('fc-list', { encoding: 'utf8' }).includes(family);
  } catch {
    return false;
  }
};
const missing = (only) =>
  TOOLS.filter((t) => !only || only.includes(t.command)).filter((t) =>
    t.command ? !has(t.command) : !hasFont(t.font),
  );

/** Installs what is missing (as root with apt-get) or returns the command a person must run; `only`: these commands. */
export function ensureTools(only) {
  let lacking = missing(only);
  if (!lacking.length) return { ok: true };
  const pkgs = [...new Set(lacking.map((t) => t.pkg))];
  for (const t of lacking) console.log(`missing: ${t.command ?? t.font} (${t.pkg}) — ${t.for}`);
  const root = process.getuid?.() === 0;
  if (root && has('apt-get')) {
    console.log(`installing: apt-get install ${pkgs.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const run = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0;
    if (run(['update', '-qq']) && run(['install', '-y', '-qq', '--no-install-recommends', ...pkgs])) {
      lacking = missing(only);
      if (!lacking.length) return { ok: true };
    }
  }
  const cmd = has('apt-get')
    ? `sudo apt-get update && sudo apt-get install -y ${pkgs.join(' ')}`
    : `install these (Debian/Ubuntu package names): ${pkgs.join(' ')}`;
  return { ok: false, cmd };
}
