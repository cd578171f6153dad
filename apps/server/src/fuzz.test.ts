import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorld, type DemoWorld } from './testing/world';
import type { ApiClient } from './testing/http-client';
import { DEMO_BUYERS } from './demo/demo-accounts';
import { signInAndClaim } from './demo/walk/buyer-steps';
import { submitOnPaper } from './demo/walk/seller-steps';
import { expectOk, eventually } from './demo/walk/expect';
import { verifyAuditChain } from './modules/audit/verify-audit-chain';

// Issue 11 item 5: malformed input is a 4xx with a code and a Chinese message, never a 5xx.
// Every route of the OpenAPI document gets malformed requests (bad path ids, bad
// query values and impossible dates, mutated JSON bodies, broken JSON, broken multipart), each
// sent as the role that may call the route, with the real ids of real records so the requests
// get past sign-in and ownership into the code that reads the input. Deterministic (seeded).
// FUZZ_PER_ROUTE (default 60, about a minute or two on PGlite) sets how many requests each route
// gets; FUZZ_PER_ROUTE=400 is the deep run.

const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 60);
const SEED = 20261129;
/** FUZZ_ONLY (a regular expression on "METHOD /path") narrows the run while debugging */
const ONLY = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : undefined;

/** mulberry32: a small seeded generator, so every run sends the same requests */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Odd values for a JSON field */
const BAD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  '',
  ' ',
  'garbage',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\udc00y',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '9999-99-99T99:99:99Z',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(100_000),
  '😀'.repeat(1000),
  '\u202e',
  '<script>alert(1)</script>',
  "'; drop table users; --",
  [],
  [null],
  [[[[[]]]]],
  {},
  { a: { b: { c: {} } } },
  { __proto__: { polluted: 1 } },
  { constructor: { prototype: { polluted: 1 } } },
  Array.from({ length: 2000 }, (_, i) => i),
];
/** Odd values for a query parameter or a path segment (already URL-encoded) */
const BAD_PARAMS = [
  'garbage',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '-1',
  '0',
  '1e309',
  'NaN',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%FF%FE',
  '%C0%AF',
  '%',
  '%zz',
  '',
  '%20',
  '..%2F..%2Fetc%2Fpasswd',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(5000),
  '%F0%9F%98%80',
  '__proto__',
  'constructor',
  '[]',
  '{}',
  'null',
  'true',
  '%E2%80%AE',
  encodeURIComponent('(2026)粤中山证字第1号'),
  'a'.repeat(64),
  'Z'.repeat(64),
];
/** Whole bodies that are not the JSON they claim to be */
const BAD_BODIES: { type: string; body: string | Buffer }[] = [
  { type: 'application/json', body: '{' },
  { type: 'application/json', body: '[]' },
  { type: 'application/json', body: 'null' },
  { type: 'application/json', body: '"x"' },
  { type: 'application/json', body: '12' },
  { type: 'application/json', body: '' },
  { type: 'application/json', body: '{"a":1,"a":2}' },
  { type: 'application/json', body: '{"__proto__":{"x":1}}' },
  { type: 'application/json', body: '{"constructor":{"prototype":{"x":1}}}' },
  { type: 'application/json', body: '['.repeat(5000) + ']'.repeat(5000) },
  { type: 'application/json', body: Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]) },
  { type: 'application/json', body: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]) },
  { type: 'application/json; charset=utf-16', body: '{}' },
  { type: 'application/json', body: Buffer.from('{"a":"\xff\xfe"}', 'latin1') },
  { type: 'text/plain', body: 'hello' },
  { type: 'application/xml', body: '<a/>' },
  { type: 'application/x-www-form-urlencoded', body: 'a=1&a=2&b=%00' },
  { type: 'application/octet-stream', body: Buffer.alloc(1000, 0) },
  { type: 'multipart/form-data', body: 'x' },
];

const MULTIPART_ROUTES = [
  /\/materials$/,
  /\/photos\/\{kind\}$/,
  /\/identity-document$/,
  /\/video$/,
  /\/units\/import$/,
  /^\/api\/public\/verify$/,
  /^\/verify$/,
];

/** Broken multipart bodies: no boundary, wrong boundary, cut short, odd names, no file, two files */
function badMultiparts(r: () => number): { type: string; body: Buffer }[] {
  const b = `----fuzz${Math.floor(r() * 1e9)}`;
  const part = (headers: string, data: string | Buffer) =>
    Buffer.concat([Buffer.from(`--${b}\r\n${headers}\r\n\r\n`), Buffer.from(data), Buffer.from('\r\n')]);
  const end = Buffer.from(`--${b}--\r\n`);
  const mp = `multipart/form-data; boundary=${b}`;
  const pdfJs =
    '%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  return [
    {
      type: 'multipart/form-data',
      body: Buffer.concat([part('content-disposition: form-data; name="file"; filename="a.png"', 'x'), end]),
    },
    {
      type: `multipart/form-data; boundary=nope`,
      body: Buffer.concat([part('content-disposition: form-data; name="file"; filename="a.png"', 'x'), end]),
    },
    {
      type: mp,
      body: part(
        'content-disposition: form-data; name="file"; filename="a.png"\r\ncontent-type: image/png',
        'x'.repeat(100),
      ),
    },
    { type: mp, body: Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="file"; filena`) },
    { type: mp, body: end },
    { type: mp, body: Buffer.from('') },
    { type: mp, body: Buffer.concat([part('content-disposition: form-data; name="kind"', 'PASSPORT'), end]) },
    {
      type: mp,
      body: Buffer.concat([part('content-disposition: form-data; name="file"; filename="a\u0000.png"', 'x'), end]),
    },
    {
      type: mp,
      body: Buffer.concat([part('content-disposition: form-data; name="file"; filename="\xed\xa0\x80.png"', 'x'), end]),
    },
    {
      type: mp,
      body: Buffer.concat([
        part(`content-disposition: form-data; name="file"; filename="${'a'.repeat(5000)}.png"`, 'x'),
        end,
      ]),
    },
    {
      type: mp,
      body: Buffer.concat([
        part('content-disposition: form-data; name="a\u0000"', 'b\u0000'),
        part('content-disposition: form-data; name="file"; filename="a.png"', 'x'),
        end,
      ]),
    },
    {
      type: mp,
      body: Buffer.concat([
        part('content-disposition: form-data; name="number"', '\ud800'),
        part('content-disposition: form-data; name="kind"', 'PASSPORT'),
        part('content-disposition: form-data; name="file"; filename="a.png"', 'x'),
        end,
      ]),
    },
    {
      type: mp,
      body: Buffer.concat([
        part('content-disposition: form-data; name="file"; filename="a.png"', 'x'),
        part('content-disposition: form-data; name="file"; filename="b.png"', 'y'),
        end,
      ]),
    },
    {
      type: mp,
      body: Buffer.concat([
        part('content-disposition: form-data; name="file"; filename="a.pdf"\r\ncontent-type: application/pdf', pdfJs),
        end,
      ]),
    },
    {
      type: mp,
      body: Buffer.concat([
        part(
          'content-disposition: form-data; name="file"; filename="a.pdf"',
          '%PDF-1.7\n<html><script>alert(1)</script></html>',
        ),
        end,
      ]),
    },
    {
      type: mp,
      body: Buffer.concat([
        part(
          'content-disposition: form-data; name="file"; filename="a.png"',
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
        ),
        end,
      ]),
    },
    {
      type: mp,
      body: Buffer.concat([
        part(`content-disposition: form-data; name="file"; filename="a.png"\r\nx-long: ${'h'.repeat(20_000)}`, 'x'),
        end,
      ]),
    },
    { type: mp, body: Buffer.concat([part('content-disposition: form-data', 'x'), end]) },
    {
      type: mp,
      body: Buffer.concat([
        part(
          'content-disposition: form-data; name="file"; filename="a.mp4"',
          Buffer.from('000000186674797069736f6d', 'hex'),
        ),
        end,
      ]),
    },
    {
      type: mp,
      body: Buffer.concat([
        part(
          'content-disposition: form-data; name="file"; filename="a.webm"',
          Buffer.from('1a45dfa3ffffffffffffffff', 'hex'),
        ),
        end,
      ]),
    },
  ];
}

/** A value of the schema's shape, as close to valid as a generic walk gets. */
function sample(schema: any, depth = 0): unknown {
  if (!schema || depth > 8) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const alt = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (alt) return sample(alt.find((s: any) => s.type !== 'null') ?? alt[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, sample(s, depth + 1)]));
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items, depth + 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? schema.exclusiveMinimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date') return '2026-06-01';
      if (schema.format === 'date-time') return '2026-06-01T00:00:00.000Z';
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return null;
  }
}

/** Every leaf path of a JSON value */
function leaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return [path, ...v.flatMap((x, i) => leaves(x, [...path, i]))];
  if (v && typeof v === 'object') return [path, ...Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]))];
  return [path];
}
function setAt(v: any, path: (string | number)[], value: unknown): any {
  if (!path.length) return value;
  const copy = Array.isArray(v) ? [...v] : { ...v };
  copy[path[0]] = setAt(v?.[path[0]], path.slice(1), value);
  return copy;
}

interface Req {
  method: string;
  url: string;
  body?: string | Buffer;
  headers: Record<string, string>;
}

describe('malformed input never gets a 5xx', () => {
  let w: DemoWorld;
  let ids: Record<string, string>;
  let buyer: ApiClient;
  let doc: any;

  beforeAll(async () => {
    w = await demoWorld();
    const c = await w.pushedContract();
    buyer = w.client();
    const appId = await signInAndClaim({
      api: buyer,
      engine: null as any,
      phone: DEMO_BUYERS[0].phone,
      token: c.token,
      buyerIndex: 0,
      portrait: Buffer.alloc(0),
      advance: async () => {},
    });
    const app = expectOk(await buyer.get(`/api/buyer/applications/${appId}`), 'application');
    const contract = expectOk(await w.seller.get(`/api/contracts/${c.id}`), 'contract');
    const cases = expectOk(await w.notary.get('/api/notary/cases'), 'cases');
    const paper = await w.readyContract();
    await submitOnPaper(w.seller, paper.id);
    const filing = await eventually(
      'filing',
      async () => expectOk(await w.center.get('/api/filings'), 'filings').items[0],
    );
    const [project] = expectOk(await w.seller.get('/api/projects'), 'projects');
    const projectDetail = expectOk(await w.admin.get(`/api/projects/${project.id}`), 'project');
    const messages = expectOk(await w.seller.get('/api/messages'), 'messages');
    // a user of its own for the admin's PATCH, so a fuzzed body that happens to be valid disables nobody who matters
    const org = expectOk(await w.admin.get('/api/admin/organisations'), 'orgs').find((o: any) => o.kind === 'seller');
    const spare = expectOk(
      await w.admin.post('/api/admin/users', {
        orgId: org.id,
        username: 'fuzz.spare',
        displayName: '备用',
        password: 'Spare@2026demo',
      }),
      'spare',
    );
    ids = {
      contractId: c.id,
      materialId: contract.materials.find((m: any) => m.files.length).files[0].id,
      caseId: cases.items[0].id,
      applicationId: appId,
      docId: app.documents[0].id,
      filingId: filing.id,
      projectId: project.id,
      buildingId: projectDetail.buildings[0].id,
      messageId: messages[0]?.id ?? '00000000-0000-4000-8000-000000000000',
      userId: spare.id,
      token: c.token,
      sha256: contract.econtractSha256,
      kind: 'id_front',
    };
    doc = expectOk(await w.client().get('/api/docs/json'), 'openapi');
  }, 300_000);
  afterAll(() => w?.close());

  /** Who may call a route: the role its prefix belongs to (anonymous for public and sign-in routes). */
  function caller(method: string, path: string): ApiClient {
    if (path.startsWith('/api/admin/')) return w.admin;
    if (path.startsWith('/api/notary/')) return w.notary;
    if (path.startsWith('/api/filings')) return w.center;
    if (/^\/api\/buyer\/(applications|claim|push)/.test(path)) return buyer;
    if (/^\/api\/(contracts|projects|messages|notary-offices)/.test(path)) return w.seller;
    if (method === 'GET' && path === '/api/auth/me') return w.seller;
    return w.client();
  }
  function fill(path: string, params: Record<string, string> = {}) {
    return path.replace(/\{(\w+)\}/g, (_m, k: string) => {
      if (k in params) return params[k];
      if (k === 'id') {
        if (path.startsWith('/api/notary/cases/')) return ids.caseId;
        if (path.startsWith('/api/buyer/applications/')) return ids.applicationId;
        if (path.startsWith('/api/filings/')) return ids.filingId;
        if (path.startsWith('/api/admin/buildings/')) return ids.buildingId;
        if (path.includes('/projects/')) return ids.projectId;
        if (path.startsWith('/api/messages/')) return ids.messageId;
        if (path.startsWith('/api/admin/users/')) return ids.userId;
        return ids.contractId;
      }
      return ids[k] ?? 'x';
    });
  }

  function requestsFor(method: string, path: string, op: any, r: () => number): Req[] {
    const out: Req[] = [];
    const params = (op.parameters ?? []) as any[];
    const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name as string);
    const query = params.filter((p) => p.in === 'query');
    const validQuery = Object.fromEntries(
      query.filter((p) => p.required).map((p) => [p.name, String(sample(p.schema))]),
    );
    const qs = (q: Record<string, string>) => {
      const s = Object.entries(q)
        .map(([k, v]) => `${encodeURIComponent(k)}=${v}`)
        .join('&');
      return s ? `?${s}` : '';
    };
    const jsonSchema = op.requestBody?.content?.['application/json']?.schema;
    const base = jsonSchema ? sample(jsonSchema) : undefined;
    const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const withBody = method !== 'GET' && method !== 'DELETE';
    const plain = { url: fill(path) + qs(validQuery), ...(withBody ? json(base ?? {}) : { headers: {} }) };
    // whole bodies and broken multipart always go; field, path and query mutations are sampled
    const always: Req[] = [];
    for (const p of pathParams)
      for (const v of BAD_PARAMS) out.push({ method, ...plain, url: fill(path, { [p]: v }) + qs(validQuery) });
    for (const p of query) {
      for (const v of BAD_PARAMS) out.push({ method, ...plain, url: fill(path) + qs({ ...validQuery, [p.name]: v }) });
      out.push({
        method,
        ...plain,
        url: `${fill(path) + qs(validQuery)}${Object.keys(validQuery).length ? '&' : '?'}${p.name}=a&${p.name}=b&${p.name}[x]=c`,
      });
    }
    // parameters the route does not declare are ignored by it: a few suffice
    for (const name of ['from', 'to', 'page'])
      if (!query.some((p) => p.name === name))
        always.push({ method, ...plain, url: fill(path) + qs({ ...validQuery, [name]: '2026-02-30%00' }) });
    if (withBody) {
      if (base !== undefined)
        for (const leaf of leaves(base))
          for (const v of BAD_VALUES) out.push({ method, url: plain.url, ...json(setAt(base, leaf, v)) });
      for (const b of BAD_BODIES)
        always.push({ method, url: plain.url, body: b.body, headers: { 'content-type': b.type } });
      if (MULTIPART_ROUTES.some((m) => m.test(path))) {
        for (const b of badMultiparts(r)) {
          const url = path.endsWith('/materials')
            ? `${fill(path)}?category=floor_plan`
            : path.endsWith('/video')
              ? `${fill(path)}?textId=${ids.caseId}`
              : plain.url;
          always.push({
            method,
            url,
            body: b.body,
            headers: { 'content-type': b.type, 'x-capture-token': 'x'.repeat(43) },
          });
        }
      }
    } else {
      always.push({ method, ...plain, body: '{', headers: { 'content-type': 'application/json' } });
    }
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return [...always, ...out.slice(0, Math.max(0, PER_ROUTE - always.length))];
  }

  it('answers every malformed request to every route with a 4xx that has a code and a Chinese message', async () => {
    const r = rng(SEED);
    const failures: string[] = [];
    const unnamed: string[] = [];
    let sent = 0;
    let routes = 0;
    const timings: [string, number, number][] = [];
    // the live stream never ends and the docs are swagger-ui's own pages; the TSA speaks DER
    const skip = (m: string, p: string) =>
      p === '/api/live' || p.startsWith('/api/docs') || (m === 'POST' && p === '/api/auth/logout');
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [m, op] of Object.entries<any>(ops)) {
        const method = m.toUpperCase();
        if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method) || skip(method, path)) continue;
        routes++;
        const client = caller(method, path);
        const started = Date.now();
        const reqs = requestsFor(method, path, op, r);
        if (ONLY && !ONLY.test(`${method} ${path}`)) continue;
        for (const q of reqs) {
          const res = await client.request(q.method, q.url, q.body, q.headers);
          sent++;
          const summary = `${q.method} ${q.url.slice(0, 120)} [${q.headers['content-type'] ?? ''}] ${String(typeof q.body === 'string' ? q.body : q.body ? '<bytes>' : '').slice(0, 80)}`;
          if (res.status >= 500) failures.push(`${summary} → ${res.status} ${res.raw.toString('utf8').slice(0, 200)}`);
          else if (res.status >= 400 && String(res.headers['content-type'] ?? '').includes('json')) {
            const b = res.body;
            if (!b || typeof b.code !== 'string' || !/[\u4e00-\u9fff]/.test(String(b.message)))
              unnamed.push(`${summary} → ${res.status} ${res.raw.toString('utf8').slice(0, 160)}`);
          }
        }
        timings.push([`${method} ${path}`, Date.now() - started, reqs.length]);
      }
    }
    timings.sort((a, b) => b[1] - a[1]);
    console.log(
      `fuzz: ${sent} requests to ${routes} routes; slowest: ${timings
        .slice(0, 8)
        .map(([k, ms, n]) => `${k} ${n} in ${ms} ms`)
        .join('; ')}`,
    );
    expect(routes).toBeGreaterThan(60);
    expect(failures.slice(0, 40)).toEqual([]);
    expect(unnamed.slice(0, 20)).toEqual([]);
    // nothing the requests did (or failed to do) left the audit chain broken
    expect((await verifyAuditChain(w.server.ctx.db)).problems).toEqual([]);
  }, 600_000);
});
