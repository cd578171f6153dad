// A one-page PDF with just the organisation's seal, for previews in the admin console.
import { Layout } from '../layout.ts';
import { drawSeal } from '../seal.ts';

export async function renderSeal(name: string, label?: string): Promise<Buffer> {
  const l = new Layout({ title: `${name} 印章预览`, pageNumbers: false, creationDate: new Date(0) });
  drawSeal(l.doc, l.doc.page.width / 2, 200, 80, name, { label });
  l.doc.y = 300;
  l.para(`${name}${label ? ' · ' + label : ''}（电子印章图样，仅供预览）`, { align: 'center', size: 9, color: '#555' });
  return l.finish();
}
