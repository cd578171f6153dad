// QR codes drawn as vector squares: sharp at any zoom or print resolution.
import QRCode from 'qrcode';

/** Draw a QR code for `text` with its top-left at (x, y), `size` points wide (quiet zone included). */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const m = size / (n + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('white');
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      // slight overlap avoids hairline gaps between runs when rasterised
      doc.rect(x + (quiet + start) * m, y + (quiet + r) * m, (c - start) * m + 0.05, m + 0.05);
    }
  }
  doc.fill('black');
  doc.restore();
}
