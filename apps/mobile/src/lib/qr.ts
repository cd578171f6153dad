/** The token of a QR link `${PUBLIC_URL}/m/case/<token>`, or null for any other text. */
export function caseTokenOf(text: string): string | null {
  const m = /\/m\/case\/([A-Za-z0-9_-]{20,100})\/?(?:[?#].*)?$/.exec(text.trim());
  return m ? m[1]! : null;
}
