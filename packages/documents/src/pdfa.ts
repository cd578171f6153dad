// PDF/A-3b (ISO 19005-3, conformance level B): what an archive needs to render the document the
// same way in decades without this software — every font embedded (pdfkit embeds CFF subsets),
// device colours pinned to sRGB by an OutputIntent, XMP metadata that says what the file is and
// agrees with the Info dictionary, a file /ID, every annotation printable, and embedded files
// declared as associated files. Signatures added later are incremental updates and keep it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHeader, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';

const XMP_PACKET_ID = 'W5M0MpCehiHzreSzNTczkc9d';
const SRGB = 'sRGB IEC61966-2.1';

let icc: Buffer | null = null;
/** The sRGB profile pdfkit ships (the ICC's own sRGB IEC61966-2.1 profile, free to copy). */
function srgbProfile(): Buffer {
  icc ??= readFileSync(
    join(dirname(createRequire(import.meta.url).resolve('pdfkit')), 'data', 'sRGB_IEC61966_2_1.icc'),
  );
  return icc;
}

/** Re-saves a PDF (as pdfkit wrote it) as PDF/A-3b; its Info dictionary supplies the metadata. */
export async function toPdfA3b(pdf: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  makePdfA3b(doc, createHash('md5').update(pdf).digest());
  return Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
}

/** Makes a pdf-lib document PDF/A-3b in place; `id` becomes the file identifier (16 bytes). */
export function makePdfA3b(doc: PDFDocument, id: Buffer): void {
  const ctx = doc.context;
  (ctx as unknown as { header: PDFHeader }).header = PDFHeader.forVersion(1, 7);
  const created = doc.getCreationDate() ?? new Date(0);
  doc.setModificationDate(created); // Info and XMP must agree; the document is not edited after
  const meta = {
    title: doc.getTitle() ?? '',
    author: doc.getAuthor() ?? '',
    subject: doc.getSubject() ?? '',
    creator: doc.getCreator() ?? 'netsign',
    producer: doc.getProducer() ?? 'netsign documents',
    created,
  };
  const xmp = ctx.stream(Buffer.from(xmpPacket(meta), 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), ctx.register(xmp));

  const profile = ctx.register(ctx.flateStream(srgbProfile(), { N: 3 }));
  doc.catalog.set(
    PDFName.of('OutputIntents'),
    ctx.obj([
      ctx.obj({
        Type: 'OutputIntent',
        S: 'GTS_PDFA1',
        OutputConditionIdentifier: PDFString.of(SRGB),
        Info: PDFString.of(SRGB),
        DestOutputProfile: profile,
      }),
    ]),
  );

  const hex = PDFHexString.of(id.toString('hex').toUpperCase());
  ctx.trailerInfo.ID = ctx.obj([hex, hex]);

  for (const page of doc.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const a = annots!.lookup(i, PDFDict);
      // 6.3.2: printable, and neither hidden, invisible nor NoView
      const f = a.lookupMaybe(PDFName.of('F'), PDFNumber)?.asNumber() ?? 0;
      a.set(PDFName.of('F'), PDFNumber.of((f | 4) & ~(1 | 2 | 32)));
    }
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** XMP dates carry the zone; pdf-lib writes Info dates in UTC (D:…Z), so both say the same instant. */
const xmpDate = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

export function xmpPacket(m: {
  title: string;
  author: string;
  subject: string;
  creator: string;
  producer: string;
  created: Date;
}): string {
  const alt = (s: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${esc(s)}</rdf:li></rdf:Alt>`;
  return `<?xpacket begin="\uFEFF" id="${XMP_PACKET_ID}"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title>${alt(m.title)}</dc:title>
${m.author ? `   <dc:creator><rdf:Seq><rdf:li>${esc(m.author)}</rdf:li></rdf:Seq></dc:creator>\n` : ''}${m.subject ? `   <dc:description>${alt(m.subject)}</dc:description>\n` : ''}   <xmp:CreateDate>${xmpDate(m.created)}</xmp:CreateDate>
   <xmp:ModifyDate>${xmpDate(m.created)}</xmp:ModifyDate>
   <xmp:MetadataDate>${xmpDate(m.created)}</xmp:MetadataDate>
   <xmp:CreatorTool>${esc(m.creator)}</xmp:CreatorTool>
   <pdf:Producer>${esc(m.producer)}</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}
