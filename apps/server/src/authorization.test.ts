import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { randomUscc } from '@netsign/domain';
import { demoWorld, type DemoWorld } from './testing/world';
import { type ApiClient, multipartBody } from './testing/http-client';
import { DEMO_BUYERS } from './demo/demo-accounts';
import { signInAndClaim } from './demo/walk/buyer-steps';
import { submitOnPaper } from './demo/walk/seller-steps';
import { expectOk, eventually } from './demo/walk/expect';

// Every route, tried by every role of an organisation that does not own the record, with the
// real ids of another organisation's contract, case, applications, materials and filing.
// Nothing may come back that names those records, and nothing of theirs may change.

/** Routes anyone may call: the QR page, sign-in, public verification and query, the TSA. */
const PUBLIC = new Set([
  'GET /api/health',
  'GET /healthz',
  'GET /readyz',
  'GET /api/docs',
  'GET /api/docs/*',
  'GET /api/docs/json',
  'GET /api/docs/yaml',
  'GET /api/docs/static/*',
  'GET /api/docs/',
  'GET /api/docs/static/index.html',
  'GET /api/docs/static/swagger-initializer.js',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'GET /api/auth/me',
  'POST /api/buyer/otp',
  'POST /api/buyer/login',
  'GET /api/buyer/cases/:token',
  'GET /api/buyer/consent-text',
  'POST /api/public/contract-query',
  'GET /api/public/trust-root',
  'GET /api/public/documents/by-hash/:sha256',
  'POST /api/public/verify',
  'GET /api/public/certificates/verify',
  'POST /api/tsa',
  'GET /verify',
  'POST /verify',
  'GET /',
  'GET /console/*',
  'GET /m/*',
  // the platform CA's revocation services, named in every certificate it issues (CRL DP, AIA OCSP)
  'GET /api/pki/crl/:file',
  'POST /api/pki/ocsp',
  'GET /api/pki/ocsp/*',
  // the local SMS gateway's outbox: a development page, not served when NODE_ENV=production
  'GET /api/dev/outbox',
  'GET /dev/outbox',
  // the live stream only ever carries the caller's own organisation's or phone's events
  'GET /api/live',
  // a buyer's own browser subscription: keyed by the signed-in phone, never by an id
  'GET /api/buyer/push/key',
  'POST /api/buyer/push/subscribe',
  'POST /api/buyer/push/unsubscribe',
]);

describe('no user reads or changes another organisation’s data', () => {
  let w: DemoWorld;
  let ids: Record<string, string>;
  let secrets: string[];
  let actors: [string, () => ApiClient, (route: string) => boolean][];
  let png: Buffer;

  beforeAll(async () => {
    w = await demoWorld();
    png = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    // organisation A (the demo seller) with a pushed contract of two buyers and a filing
    const c = await w.pushedContract(
      [DEMO_BUYERS[0], { ...DEMO_BUYERS[1] }].map((b, i) => ({ ...b, share: 50 + 0 * i })),
    );
    const buyerA = w.client();
    const appId = await signInAndClaim({
      api: buyerA,
      engine: null as any,
      phone: DEMO_BUYERS[0].phone,
      token: c.token,
      buyerIndex: 0,
      portrait: Buffer.alloc(0),
      advance: async () => {},
    });
    const app = expectOk(await buyerA.get(`/api/buyer/applications/${appId}`), 'application');
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
    ids = {
      id: c.id,
      contractId: c.id,
      materialId: contract.materials.find((m: any) => m.files.length).files[0].id,
      caseId: cases.items[0].id,
      applicationId: appId,
      docId: app.documents[0].id,
      filingId: filing.id,
      projectId: project.id,
      buildingId: projectDetail.buildings[0].id,
      messageId: messages[0]?.id ?? '00000000-0000-4000-8000-000000000000',
      token: c.token,
      sha256: contract.econtractSha256,
      kind: 'id_front',
    };
    secrets = [
      c.id,
      c.businessNo,
      paper.businessNo,
      cases.items[0].id,
      appId,
      filing.id,
      DEMO_BUYERS[0].phone,
      DEMO_BUYERS[0].idNumber,
    ];

    // organisation B: another seller company with its own clerk
    const orgB = expectOk(
      await w.admin.post('/api/admin/organisations', {
        kind: 'seller',
        name: '中山市他山地产有限公司',
        uscc: randomUscc(() => 0.7),
        city: '中山市',
        address: '中山市西区 1 号',
        legalRepName: '周某',
      }),
      'org B',
    );
    expectOk(
      await w.admin.post('/api/admin/users', {
        orgId: orgB.id,
        username: 'sellerb',
        displayName: '乙公司经办人',
        password: 'SellerB@2026demo',
      }),
      'user B',
    );
    const sellerB = await w.client().login('sellerb', 'SellerB@2026demo');
    const strangerBuyer = w.client();
    // sign-in codes go only to buyers of pushed contracts: the stranger buys another unit
    await w.pushedContract([{ ...DEMO_BUYERS[0], name: '王五', idNumber: '442000198505051234', phone: '13900000009' }]);
    expectOk(await strangerBuyer.post('/api/buyer/otp', { phone: '13900000009' }), 'otp');
    const code = /验证码为 (\d{6})/.exec(
      expectOk(await strangerBuyer.get('/api/dev/outbox?to=13900000009'), 'outbox')[0].body,
    )![1];
    expectOk(await strangerBuyer.post('/api/buyer/login', { phone: '13900000009', code }), 'buyer login');
    // a transaction center of another city: Zhongshan's filings are none of its business
    const centerB = expectOk(
      await w.admin.post('/api/admin/organisations', {
        kind: 'center',
        name: '广州市房地产交易中心',
        city: '广州市',
        address: '广州市越秀区 1 号',
      }),
      'center B',
    );
    expectOk(
      await w.admin.post('/api/admin/users', {
        orgId: centerB.id,
        username: 'centerb',
        displayName: '广州备案员',
        password: 'CenterB@2026demo',
      }),
      'center user B',
    );
    const foreignCenter = await w.client().login('centerb', 'CenterB@2026demo');
    const all = () => true;
    actors = [
      ['anonymous', () => w.client(), all],
      ['another seller company', () => sellerB, all],
      ['another notary office', () => w.notary2, all],
      ['a buyer not on the contract', () => strangerBuyer, all],
      // the transaction center reviews every seller's filings; elsewhere it is a foreigner
      ['a transaction center of another city', () => foreignCenter, all],
      ['the transaction center', () => w.center, (r) => !r.includes('/api/filings') && !r.includes('/api/messages')],
      // the administrator manages organisations, projects and units of every company
      [
        'the administrator',
        () => w.admin,
        (r) => !r.includes('/api/admin/') && !r.startsWith('GET /api/projects') && !r.includes('/api/notary-offices'),
      ],
    ];
  }, 300_000);
  afterAll(() => w?.close());

  const BODIES: Record<string, unknown> = {
    'POST /api/admin/organisations': {
      kind: 'notary',
      name: '某公证处',
      city: '中山市',
      certificatePrefix: '粤中某证字',
    },
    'POST /api/admin/users': () => ({
      orgId: ids.projectId,
      username: 'intruder',
      displayName: 'x',
      password: 'Intruder@2026',
    }),
    'POST /api/admin/projects': () => ({ sellerOrgId: ids.projectId, name: 'x', city: '中山市', address: 'x' }),
    'POST /api/admin/projects/:id/presale-licences': {
      number: 'X-001',
      validFrom: '2026-01-01',
      validTo: '2027-01-01',
    },
    'POST /api/admin/projects/:id/buildings': () => ({ name: '9栋', floors: 3, presaleLicenceId: ids.projectId }),
    'POST /api/contracts': () => ({ unitId: ids.projectId, terms: {} }),
    'PUT /api/contracts/:id/terms': { terms: { supplementaryTerms: 'x' } },
    'POST /api/contracts/:id/password': { password: 'Abcdefg123', confirm: 'Abcdefg123' },
    'POST /api/contracts/:id/push': () => ({ notaryOfficeId: ids.caseId }),
    'POST /api/contracts/:id/cancel': { password: 'Hetong2026', reason: '测试撤销' },
    'POST /api/contracts/:id/area-difference': { measuredArea: 9000 },
    'PATCH /api/admin/users/:id': { disabled: true },
    'POST /api/notary/cases/:id/reject': { reason: '越权驳回' },
    'POST /api/notary/cases/:id/supplement': () => ({
      applicationId: ids.applicationId,
      items: ['signature'],
      note: '越权补正',
    }),
    'POST /api/filings/:id/return': { reason: '越权退回' },
    'POST /api/filings/:id/review': { result: '退回', reason: '越权审核退回' },
    'POST /api/buyer/claim': () => ({ token: ids.token, buyerIndex: 0 }),
    'POST /api/buyer/applications/:id/consent': { accepted: true, textVersion: 'x' },
    'POST /api/buyer/applications/:id/face/challenge': { stage: 'first' },
    'POST /api/buyer/applications/:id/face/frames': () => ({
      challengeId: ids.caseId,
      frames: [png.toString('base64')],
    }),
    'POST /api/buyer/applications/:id/documents/:docId/read': { pages: [1] },
    'POST /api/buyer/applications/:id/agree': () => ({
      documents: [1, 2, 3, 4].map(() => ({ id: ids.docId, version: 'x' })),
    }),
    'POST /api/buyer/applications/:id/video/frames': () => ({ textId: ids.caseId, frames: [png.toString('base64')] }),
    'POST /api/buyer/applications/:id/signing/certificate': { csr: Buffer.from('not a request').toString('base64') },
    'POST /api/buyer/applications/:id/signing/complete': () => ({
      requestId: ids.caseId,
      signatures: [{ documentId: ids.docId, signature: 'AAAA' }],
    }),
  };
  const MULTIPART = ['/materials', '/photos/', '/identity-document', '/video', '/units/import'];

  function request(route: string) {
    const [method, pattern] = route.split(' ');
    let url = pattern
      .replace(
        ':id',
        route.includes('/api/notary/cases/')
          ? ids.caseId
          : route.includes('/api/buyer/applications/')
            ? ids.applicationId
            : route.includes('/api/filings/')
              ? ids.filingId
              : route.includes('/api/admin/buildings/')
                ? ids.buildingId
                : route.includes('/projects/')
                  ? ids.projectId
                  : route.includes('/api/messages/')
                    ? ids.messageId
                    : ids.contractId,
      )
      .replace(/:(\w+)/g, (_m, k) => ids[k]);
    if (url.endsWith('/materials') && method === 'POST') url += '?category=floor_plan';
    if (url.endsWith('/notary-offices')) url += `?city=${encodeURIComponent('中山市')}`;
    if (url.endsWith('/video') && method === 'POST') url += `?textId=${ids.caseId}`;
    // a well-formed pair that is not the caller's: the party-only download must not hand it out
    if (url.endsWith('/verify/download'))
      url += `?no=${encodeURIComponent('（2026）粤中证字第000001号')}&code=ABCD2345`;
    const b = BODIES[route];
    const body = typeof b === 'function' ? b() : b;
    if (route.endsWith('/units/import'))
      return { method, url, body: Buffer.from('房号\n'), headers: { 'content-type': 'text/csv' } };
    if (MULTIPART.some((m) => pattern.endsWith(m) || pattern.includes('/photos/'))) {
      const mp = multipartBody(
        { kind: 'PASSPORT', number: 'X12345678', name: 'SMITH' },
        { name: 'x.png', type: 'image/png', data: png },
      );
      return { method, url, body: mp.body, headers: { ...mp.headers, 'x-capture-token': 'stolen' } };
    }
    return { method, url, body: body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}), headers: {} };
  }

  it('covers every non-public route', () => {
    const routes = w.server.routes.map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((r) => !PUBLIC.has(r)).length).toBeGreaterThan(50);
  });

  it('answers 401, 403 or 404 — or only the caller’s own data — on every route', async () => {
    const leaks: string[] = [];
    for (const r of w.server.routes) {
      const route = `${r.method} ${r.url}`;
      if (PUBLIC.has(route)) continue;
      for (const [who, client, applies] of actors) {
        if (!applies(route)) continue;
        const req = request(route);
        const res = await client().request(req.method, req.url, req.body, req.headers as Record<string, string>);
        const text = res.raw.toString('utf8');
        const own = res.status < 300 && r.method === 'GET';
        if (![401, 403, 404].includes(res.status) && !own && !route.startsWith('POST /api/messages/'))
          leaks.push(`${who}: ${route} → ${res.status} ${text.slice(0, 160)}`);
        else if (res.status < 300 && secrets.some((s) => text.includes(s)))
          leaks.push(`${who}: ${route} → ${res.status} returned another organisation's data`);
      }
    }
    expect(leaks).toEqual([]);
  }, 300_000);

  it('left the other organisation’s records as they were', async () => {
    const c = expectOk(await w.seller.get(`/api/contracts/${ids.contractId}`), 'contract');
    expect(c.status).toBe('公证中');
    expect(c.materials.flatMap((m: any) => m.files).map((f: any) => f.id)).toContain(ids.materialId);
    const k = expectOk(await w.notary.get(`/api/notary/cases/${ids.caseId}`), 'case');
    expect(k.status).toBe('待签署');
    expect(k.applications.map((a: any) => a.status)).toEqual(['待核验', '待核验']);
    const f = expectOk(await w.center.get(`/api/filings/${ids.filingId}`), 'filing');
    expect(f.status).toBe('待受理');
  });
});
