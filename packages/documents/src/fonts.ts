// Noto Sans SC from @embedpdf/fonts-sc. The package does not export its .otf files, so we
// resolve the package entry and walk to ../fonts. Buffers are read once per process.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { create, type Font } from 'fontkit';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');

const cache = new Map<string, Buffer>();
function load(file: string): Buffer {
  let buf = cache.get(file);
  if (!buf) {
    buf = readFileSync(join(fontDir, file));
    cache.set(file, buf);
  }
  return buf;
}

export const fontRegular = (): Buffer => load('NotoSansHans-Regular.otf');
export const fontBold = (): Buffer => load('NotoSansHans-Bold.otf');
export const fontPath = (weight: 'Regular' | 'Bold' = 'Regular'): string => join(fontDir, `NotoSansHans-${weight}.otf`);

// Parsed fonts, shared by every document: pdfkit (0.20+) accepts a fontkit font object, and
// reusing it skips re-parsing the 8 MB CFF tables for each PDF — most of a render's cost.
const parsed = new Map<string, Font>();
export function fontObject(weight: 'Regular' | 'Bold'): Font {
  let f = parsed.get(weight);
  if (!f) {
    f = create(weight === 'Bold' ? fontBold() : fontRegular());
    parsed.set(weight, f);
  }
  return f;
}
