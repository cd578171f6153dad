// NUL and lone UTF-16 surrogates cannot be stored as they are: PostgreSQL refuses NUL in text and
// jsonb, and a lone surrogate becomes U+FFFD on its way to UTF-8. A value holding one would be
// stored as something else than what was checked or hashed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const BAD = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BAD_ALL = new RegExp(BAD.source, 'g');

export const isStorableText = (s: string) => !BAD.test(s);

/** The text as it can be stored: each NUL and lone surrogate replaced by U+FFFD. */
export const storableText = (s: string) => s.replace(BAD_ALL, '\ufffd');

/** A JSON value with every string (and key) made storable. */
export function storableJson(v: unknown): unknown {
  if (typeof v === 'string') return storableText(v);
  if (Array.isArray(v)) return v.map(storableJson);
  if (v && typeof v === 'object' && !(v instanceof Date))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [storableText(k), storableJson(x)]));
  return v;
}
