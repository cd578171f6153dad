// What reaches the log: no query parameters of a failed SQL statement (they hold ID numbers and
// password hashes), no PostgreSQL detail lines (`Key (x)=(…)`), no query strings or link tokens
// in logged URLs. Applied through pino's serializers, so every `log.x({ err })` and Fastify's own
// request lines go through it.

/** Path segments that are secrets: the QR link token (API and web app), any long opaque token. */
const TOKEN_PATHS = [/^(\/api\/buyer\/cases\/)[^/?#]+/, /^(\/m\/case\/)[^/?#]+/];
const OPAQUE =
  /(?<=\/)(?![0-9a-f]{64}(?:[/?#]|$))(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:[/?#]|$))[A-Za-z0-9_-]{32,}(?=[/?#]|$)/g;

/** The URL as it may be logged: path with secret segments masked, query string dropped. */
export function safeUrl(url: string | undefined): string | undefined {
  if (typeof url !== 'string') return url;
  const q = url.indexOf('?');
  let path = q >= 0 ? url.slice(0, q) : url;
  for (const p of TOKEN_PATHS) path = path.replace(p, '$1***');
  path = path.replace(OPAQUE, '***');
  return q >= 0 ? `${path}?…` : path;
}

const SAFE_FIELDS = [
  'code',
  'statusCode',
  'status',
  'severity',
  'routine',
  'table',
  'column',
  'constraint',
  'dataType',
  'schema',
  'file',
  'topic',
] as const;

/** Drops what follows `params:` in drizzle's "Failed query" text, and quoted values in PostgreSQL messages. */
function scrub(text: unknown, isDatabaseError: boolean): string | undefined {
  if (typeof text !== 'string') return undefined;
  let t = text.replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/, '\nparams: [redacted]');
  if (isDatabaseError) t = t.replace(/"[^"\n]*"/g, '"…"').replace(/\(([^()\n]*)\)=\(([^\n]*)\)/g, '($1)=(…)');
  return t;
}

/** An error as it may be logged: type, message, stack, SQL text (placeholders only), codes, cause. */
export function safeError(e: any, depth = 0): unknown {
  if (!e || typeof e !== 'object') return e;
  const db =
    typeof e.severity === 'string' || typeof e.query === 'string' || /^[0-9A-Z]{5}$/.test(String(e.code ?? ''));
  const out: Record<string, unknown> = {
    type: e.constructor?.name ?? 'Error',
    message: scrub(e.message, db),
    stack: scrub(e.stack, db),
  };
  if (typeof e.query === 'string') out.query = e.query;
  for (const k of SAFE_FIELDS) if (e[k] !== undefined && typeof e[k] !== 'object') out[k] = e[k];
  if (e.cause && depth < 4) out.cause = safeError(e.cause, depth + 1);
  return out;
}

export const logSerializers = {
  err: (e: unknown) => safeError(e),
  req: (req: any) => ({
    method: req.method,
    url: safeUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
};

/** pino `redact` paths: secrets that may sit in logged objects by name. */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'req.headers["x-capture-token"]',
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'idNumber',
  '*.idNumber',
  '*.*.idNumber',
  '*.code',
  'token',
  '*.token',
  '*.*.token',
  'params',
  '*.params',
  'detail',
  '*.detail',
];
