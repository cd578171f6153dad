// Just the part of fontkit (a pdfkit dependency) that the seal uses to turn glyphs into paths.
declare module 'fontkit' {
  interface Path {
    toSVG(): string;
  }
  interface Glyph {
    path: Path;
    advanceWidth: number;
  }
  interface GlyphRun {
    glyphs: Glyph[];
  }
  interface Font {
    unitsPerEm: number;
    layout(text: string): GlyphRun;
  }
  export function create(buffer: Buffer): Font;
}
