// 公证卷宗 (issue 13 item 5) as an auditor, an attacker and the notary see it: once a case is
// decided the office downloads one ASiC-E archive holding everything the decision rests on;
// `netsign verify-archive` passes it offline with the platform root and names each forgery — a
// byte changed in a face frame, a file removed, a file added, the manifest re-signed by another
// key — and a broken audit chain. Any ZIP tool opens it; no face features are in it; only the
// owning office gets it; the job that makes it is idempotent and survives a failed run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { createFaceEngine, type NodeFaceEngine } from '@netsign/face/node';
import { createRootCa, credentialSigner, issueOrganisationCertificate, type Signer } from '@netsign/documents';
import { readAsice, writeAsice, MANIFEST_PATH } from '@netsign/documents/archive/asice';
import { readManifest } from '@netsign/documents/archive/asic-manifest';
import { signDetachedCades } from '@netsign/documents/archive/cades';
import { sniffFileType } from '@netsign/domain';
import { demoWorld, type DemoWorld } from '../../testing/world';
import type { ApiClient } from '../../testing/http-client';
import { signInBuyer, submitMainland } from '../../testing/buyer-session';
import { DEMO_BUYERS } from '../../demo/demo-accounts';
import { expectOk, eventually } from '../../demo/walk/expect';
import { buyerApplications, caseArchives, caseDocuments, notaryCases } from './tables';
import { caseFiles } from './case-files';
import { CONSENT_TEXTS } from './record-consent';
import { archiveCase } from './archive-case';
import { verifyCaseArchive } from './verify-case-archive';
import { auditLog } from '../audit/tables';
import { organisations } from '../accounts/tables';
import { organisationSigner, timestampSource } from '../documents/keys';

const [ZHANG] = DEMO_BUYERS;
const server = join(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('公证卷宗', () => {
  let w: DemoWorld;
  let engine: NodeFaceEngine;
  let zhang: ApiClient;
  let caseId: string;
  let zip: Buffer;
  let root: string;
  let dir: string;

  const caseOf = async (businessNo: string) =>
    eventually(`案件 ${businessNo}`, async () =>
      (expectOk(await w.notary.get('/api/notary/cases?pageSize=200'), '收件箱').items as any[]).find(
        (x) => x.businessNo === businessNo,
      ),
    );
  const archiveOf = (id: string) =>
    eventually('公证卷宗', async () => {
      const r = await w.notary.get(`/api/notary/cases/${id}/archive`);
      return r.status === 200 ? r : null;
    });
  const verify = (z: Buffer) => verifyCaseArchive(z, { trustedRoots: [root], now: w.clock.now() });
  const codes = async (z: Buffer) => (await verify(z)).problems.map((p) => p.code);
  const signerOf = async (name: string): Promise<Signer> => {
    const [o] = await w.server.ctx.db.select().from(organisations).where(eq(organisations.name, name));
    return organisationSigner(w.server.ctx, o);
  };
  /** The archive's files written again, the manifest signed by `signer` (a legitimate time-stamp). */
  const resign = async (z: Buffer, signer: Signer) => {
    const { files } = readAsice(z);
    const refs = readManifest(files.get(MANIFEST_PATH)!).references.filter((r) => files.has(r.path));
    const stamp = await timestampSource(w.server.ctx);
    return (
      await writeAsice(
        refs.map((r) => ({
          path: r.path,
          data: files.get(r.path)!,
          mimeType: r.mimeType ?? 'application/octet-stream',
        })),
        (m) => signDetachedCades(m, signer, stamp),
      )
    ).zip;
  };
  /** Python's zipfile rewrites the container (mimetype first and stored): `code` edits `files`, a list of [name, bytes]. */
  const python = (z: Buffer, code: string): Buffer => {
    const input = join(dir, `in-${Math.random()}.asice`);
    writeFileSync(input, z);
    execFileSync('python3', [
      '-c',
      [
        'import sys, zipfile',
        'src = zipfile.ZipFile(sys.argv[1])',
        'files = [[i.filename, src.read(i)] for i in src.infolist()]',
        code,
        'out = zipfile.ZipFile(sys.argv[2], "w")',
        'for n, d in files: out.writestr(n, d, zipfile.ZIP_STORED if n == "mimetype" else zipfile.ZIP_DEFLATED)',
        'out.close()',
      ].join('\n'),
      input,
      `${input}.out`,
    ]);
    return readFileSync(`${input}.out`);
  };

  beforeAll(async () => {
    [w, engine] = await Promise.all([demoWorld(), createFaceEngine()]);
    dir = mkdtempSync(join(tmpdir(), 'case-archive-'));
    root = (await w.client().get('/api/public/trust-root')).raw.toString();
    writeFileSync(join(dir, 'root.pem'), root);
    const s = await w.pushedContract([ZHANG]);
    zhang = await signInBuyer(w, ZHANG.phone);
    caseId = (await caseOf(s.businessNo)).id;
    await submitMainland(w, engine, zhang, s.token, { seed: 3 });
    expectOk(await w.notary.post(`/api/notary/cases/${caseId}/approve`), '审核通过');
    zip = (await archiveOf(caseId)).raw;
    writeFileSync(join(dir, 'case.asice'), zip);
  }, 600_000);
  afterAll(async () => {
    engine?.dispose();
    await w?.close();
  });

  it('is made once the case is decided: the case page offers it and the notary downloads it as .asice', async () => {
    const page = expectOk(await w.notary.get(`/api/notary/cases/${caseId}`), '案件页面');
    expect(page.archive).toMatchObject({ files: expect.any(Number), size: zip.length });
    const r = await w.notary.get(`/api/notary/cases/${caseId}/archive`);
    expect(r.headers['content-type']).toBe('application/vnd.etsi.asic-e+zip');
    expect(decodeURIComponent(String(r.headers['content-disposition']))).toContain(`公证卷宗-${page.businessNo}.asice`);
    const reads = await w.server.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, caseId), eq(auditLog.action, 'file.read')));
    expect(reads.map((e) => (e.data as any).sha256)).toContain(
      (await w.server.ctx.db.select().from(caseArchives).where(eq(caseArchives.caseId, caseId)))[0].sha256,
    );
  });

  it('holds every file of the case — documents, ID photos, signature image, each face frame — with the score records, consent and its text, reading records, the decision and the audit chains with proofs', async () => {
    const { files } = readAsice(zip);
    const names = [...files.keys()];
    const [c] = await w.server.ctx.db.select().from(notaryCases).where(eq(notaryCases.id, caseId));
    const docs = await w.server.ctx.db.select().from(caseDocuments).where(eq(caseDocuments.caseId, caseId));
    const apps = await w.server.ctx.db.select().from(buyerApplications).where(eq(buyerApplications.caseId, caseId));
    const held = new Set(readManifest(files.get(MANIFEST_PATH)!).references.map((r) => r.digest.toString('hex')));
    // everything a notary can open on the case page is in the archive
    for (const sha of caseFiles(c, docs, apps)) expect(held, sha).toContain(sha);
    const steps = apps[0].steps as any;
    expect(steps.first.frameFiles.length).toBeGreaterThan(0);
    expect(names.filter((n) => n.startsWith('buyers/1/face/first/frame-'))).toHaveLength(steps.first.frameFiles.length);
    expect(names.filter((n) => n.startsWith('buyers/1/face/second/frame-'))).toHaveLength(
      steps.second.frameFiles.length,
    );
    for (const n of [
      'README.txt',
      'case/case.json',
      'case/decision.json',
      'documents/certificate.pdf',
      'documents/econtract.pdf',
      'documents/buyer-1/intake-record.pdf',
      'documents/buyer-1/application-form.pdf',
      'documents/buyer-1/notice.pdf',
      'buyers/1/photos/id_front.png',
      'buyers/1/photos/id_back.png',
      'buyers/1/photos/signature.png',
      'buyers/1/application.json',
      'buyers/1/consent.json',
      'buyers/1/reading.json',
      'buyers/1/face/first/result.json',
      'buyers/1/face/second/result.json',
      'audit/entries.json',
      'audit/proofs/case.json',
      'audit/proofs/buyer-1.json',
    ])
      expect(names, n).toContain(n);
    // each file is what its name says, by its bytes
    expect(sniffFileType(files.get('buyers/1/face/first/frame-01.jpg')!)).toBe('image/jpeg');
    expect(sniffFileType(files.get('documents/certificate.pdf')!)).toBe('application/pdf');
    const json = (p: string) => JSON.parse(files.get(p)!.toString('utf8'));
    expect(json('case/decision.json')).toMatchObject({
      outcome: 'approved',
      certificateNumber: c.certificateNumber,
      certificateSha256: c.certificateSha256,
      decidedBy: { name: expect.any(String) },
    });
    const result = json('buyers/1/face/second/result.json');
    expect(result).toMatchObject({
      passed: true,
      scores: { livenessMedian: expect.any(Number) },
      match: { score: expect.any(Number), threshold: expect.any(Number) },
    });
    expect(json('buyers/1/consent.json')).toMatchObject({
      record: { accepted: true, textVersion: CONSENT_TEXTS.face.version },
      text: { text: { 'zh-CN': CONSENT_TEXTS.face.text['zh-CN'] } },
    });
    expect(json('buyers/1/reading.json').agreed.documents).toHaveLength(4);
    expect(
      json('audit/entries.json')
        .chains.map((ch: any) => ch.aggregate)
        .sort(),
    ).toEqual([`application:${apps[0].id}`, `case:${caseId}`]);
  });

  it('keeps frames and scores but no face features, and no session secrets (the consent text: 人脸特征数据在公证办结后删除)', () => {
    const { files } = readAsice(zip);
    for (const [name, data] of files) {
      if (!name.endsWith('.json')) continue;
      const text = data.toString('utf8');
      expect(text, name).not.toMatch(/"(embedding|referenceEmbedding|descriptors?|captures|numberIndex)"/);
    }
    const evidence = JSON.parse(files.get('buyers/1/application.json')!.toString()).evidence;
    expect(evidence.reference).toEqual({ source: 'live', at: expect.any(String), erasedAt: expect.any(String) });
  });

  it('passes `netsign verify-archive` offline with the platform root (exit 0)', async () => {
    const r = await verify(zip);
    expect(r.problems).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.signature?.signer).toMatchObject({ role: 'notary', commonName: '广东省中山市中山公证处' });
    expect(r.signature?.timestamp?.trusted).toBe(true);
    expect(r.audit.map((a) => a.proof)).toEqual(['valid', 'valid']);
    const cli = spawnSync(
      process.execPath,
      [
        join(server, 'bin/netsign.mjs'),
        'verify-archive',
        join(dir, 'case.asice'),
        '--trust',
        join(dir, 'root.pem'),
        '--offline',
      ],
      { encoding: 'utf8', env: { ...process.env, NETSIGN_RUN: 'source' } },
    );
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toContain('有效 VALID');
  });

  it('opens in unzip and Python zipfile (any ZIP tool)', () => {
    const t = spawnSync('unzip', ['-t', join(dir, 'case.asice')], { encoding: 'utf8' });
    expect(t.status, t.stdout + t.stderr).toBe(0);
    const py = spawnSync(
      'python3',
      [
        '-c',
        'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.namelist()[0], len(z.namelist()))',
        join(dir, 'case.asice'),
      ],
      { encoding: 'utf8' },
    );
    expect(py.status, py.stderr).toBe(0);
    expect(py.stdout).toMatch(/^mimetype \d+/);
  });

  describe('fails, naming what is wrong', () => {
    it('one byte changed in a face frame', async () => {
      const frame = readAsice(zip).files.get('buyers/1/face/first/frame-02.jpg')!;
      const at = zip.indexOf(frame); // stored: the frame's bytes sit in the ZIP as they are
      const forged = Buffer.from(zip);
      forged[at + Math.floor(frame.length / 2)] ^= 0x01;
      const r = await verify(forged);
      expect(r.valid).toBe(false);
      expect(r.problems.map((p) => [p.code, p.en])).toEqual([
        [
          'FILE_CHANGED',
          'file changed: buyers/1/face/first/frame-02.jpg (its digest differs from the signed manifest)',
        ],
      ]);
      // and the CLI says so, exit 1
      writeFileSync(join(dir, 'forged.asice'), forged);
      const cli = spawnSync(
        process.execPath,
        [
          join(server, 'bin/netsign.mjs'),
          'verify-archive',
          join(dir, 'forged.asice'),
          '--trust',
          join(dir, 'root.pem'),
        ],
        { encoding: 'utf8', env: { ...process.env, NETSIGN_RUN: 'source', NETSIGN_URL: '' } },
      );
      expect(cli.status).toBe(1);
      expect(cli.stdout).toContain('buyers/1/face/first/frame-02.jpg');
      expect(cli.stdout).toContain('无效 NOT VALID');
    });

    it('a file removed', async () => {
      const forged = python(zip, 'files = [f for f in files if f[0] != "buyers/1/photos/signature.png"]');
      expect((await verify(forged)).problems.map((p) => p.en)).toEqual([
        'file missing: buyers/1/photos/signature.png (listed in the manifest, not in the container)',
      ]);
    });

    it('a file added', async () => {
      const forged = python(zip, 'files.insert(5, ["buyers/1/face/first/frame-99.jpg", files[-3][1]])');
      expect((await verify(forged)).problems.map((p) => p.en)).toEqual([
        'file added: buyers/1/face/first/frame-99.jpg (not in the signed manifest)',
      ]);
    });

    it('the manifest re-signed by another key: a self-made CA, the seller, another notary office', async () => {
      // the forger drops the second face check and signs a new manifest
      const dropped = python(zip, 'files = [f for f in files if not f[0].startswith("buyers/1/face/second/")]');
      const fake = await createRootCa({ name: 'netsign 电子公证网签平台根证书' });
      const lookalike = credentialSigner(
        await issueOrganisationCertificate(fake, { name: '广东省中山市中山公证处', kind: 'notary' }),
      );
      expect(await codes(await resign(dropped, lookalike))).toEqual(['UNTRUSTED']);
      expect(await codes(await resign(dropped, await signerOf('中山市翠湖置业有限公司')))).toEqual([
        'NOT_NOTARY_OFFICE',
      ]);
      const [other] = await w.server.ctx.db
        .select()
        .from(organisations)
        .where(and(eq(organisations.kind, 'notary'), eq(organisations.name, '广东省中山市中山公证处')));
      const second = (await w.server.ctx.db.select().from(organisations).where(eq(organisations.kind, 'notary'))).find(
        (o) => o.id !== other.id,
      )!;
      const r = await verify(await resign(dropped, await signerOf(second.name)));
      expect(r.problems.map((p) => p.code)).toEqual(['OFFICE_MISMATCH']);
    });

    it('an audit entry removed from a chain, or a proof that is not of the chain', async () => {
      const removed = await resign(
        python(
          zip,
          [
            'import json',
            'for f in files:',
            '    if f[0] == "audit/entries.json":',
            '        d = json.loads(f[1]); d["chains"][0]["entries"].pop(1); f[1] = json.dumps(d).encode()',
          ].join('\n'),
        ),
        await signerOf('广东省中山市中山公证处'),
      );
      expect((await verify(removed)).problems.map((p) => p.code)).toEqual(['AUDIT_CHAIN_BROKEN']);
      const swapped = await resign(
        python(
          zip,
          [
            'p = {n: d for n, d in files}',
            'files = [[n, p["audit/proofs/buyer-1.json"] if n == "audit/proofs/case.json" else d] for n, d in files]',
          ].join('\n'),
        ),
        await signerOf('广东省中山市中山公证处'),
      );
      expect((await verify(swapped)).problems.map((p) => p.code)).toEqual(['AUDIT_PROOF_FAILED']);
    });

    it('a case record, decision or audit record that breaks its schema, signed anew: named by file and field, not read, never thrown on', async () => {
      const office = await signerOf('广东省中山市中山公证处');
      const edit = (path: string, change: string) =>
        resign(
          python(
            zip,
            [
              'import json',
              'for f in files:',
              `    if f[0] == "${path}":`,
              `        d = json.loads(f[1]); ${change}; f[1] = json.dumps(d).encode()`,
            ].join('\n'),
          ),
          office,
        );
      const invalid = (r: Awaited<ReturnType<typeof verify>>) =>
        r.problems.filter((p) => p.code === 'RECORD_INVALID').map((p) => p.en);

      const wrongFields = await verify(
        await edit('case/case.json', 'd["applications"][0]["route"] = "telepathy"; d["office"]["uscc"] = 7'),
      );
      expect(invalid(wrongFields)).toEqual([
        'case/case.json does not match its schema: office.uscc (invalid_type), applications.0.route (invalid_value)',
      ]);
      expect(wrongFields.valid).toBe(false);
      expect(wrongFields.case).toBeNull();
      // a hostile record (an application that is not an object) is reported, not thrown on
      const hostile = await verify(await edit('case/case.json', 'd["applications"] = [None]'));
      expect(invalid(hostile)).toEqual(['case/case.json does not match its schema: applications.0 (invalid_type)']);

      const decision = await verify(
        await edit('case/decision.json', 'd["certificateSha256"] = 42; d["outcome"] = "maybe"'),
      );
      expect(invalid(decision)).toEqual([
        'case/decision.json does not match its schema: outcome (invalid_value), certificateSha256 (invalid_type)',
      ]);
      expect(decision.decision).toBeNull();
      expect(decision.case?.id).toBe(caseId);

      // the audit records too: chains that are not a list, a proof without its entry
      const chains = await verify(await edit('audit/entries.json', 'd["chains"] = 5'));
      expect(invalid(chains)).toEqual(['audit/entries.json does not match its schema: chains (invalid_type)']);
      expect(chains.problems.map((p) => p.code)).toContain('AUDIT_CHAIN_MISSING');
      const proof = await verify(await edit('audit/proofs/case.json', 'd["entry"] = None'));
      expect(invalid(proof)).toEqual(['audit/proofs/case.json does not match its schema: entry (invalid_type)']);
      expect(proof.audit.find((a) => a.aggregate === `case:${caseId}`)?.proof).toBe('invalid');
    });
  });

  describe('access', () => {
    it('only the owning office: another office 404, a seller 403, an undecided case 409', async () => {
      const other = await w.notary2.get(`/api/notary/cases/${caseId}/archive`);
      expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
      expect((await w.seller.get(`/api/notary/cases/${caseId}/archive`)).status).toBe(403);
      const open = await w.pushedContract([ZHANG]);
      const openCase = (await caseOf(open.businessNo)).id;
      const early = await w.notary.get(`/api/notary/cases/${openCase}/archive`);
      expect([early.status, early.body.code]).toEqual([409, 'CASE_NOT_DECIDED']);
      // 驳回 is a decision too: its archive is made, with no buyer yet
      expectOk(
        await w.notary.post(`/api/notary/cases/${openCase}/reject`, { reason: '合同信息有误，退回开发企业' }),
        '驳回',
      );
      const rejected = (await archiveOf(openCase)).raw;
      const r = await verify(rejected);
      expect(r.problems).toEqual([]);
      expect(r.decision?.outcome).toBe('rejected');
    });
  });

  describe('the job', () => {
    it('is idempotent: run again, it changes nothing', async () => {
      const before = await w.server.ctx.db.select().from(caseArchives).where(eq(caseArchives.caseId, caseId));
      const again = await archiveCase(w.server.ctx, caseId);
      expect(again).toEqual(before[0]);
      const archived = await w.server.ctx.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, caseId), eq(auditLog.action, 'case.archived')));
      expect(archived).toHaveLength(1);
    });

    it('survives a run that dies before recording: nothing is left, and the retry makes a valid archive', async () => {
      const ctx = w.server.ctx;
      await ctx.db.delete(caseArchives).where(eq(caseArchives.caseId, caseId)); // as if never made
      const blobs = Object.assign(Object.create(ctx.blobs), {
        put: async () => {
          throw new Error('instance killed');
        },
      });
      const dying = { ...ctx, blobs } as typeof ctx;
      await expect(archiveCase(dying, caseId)).rejects.toThrow('instance killed');
      expect(await ctx.db.select().from(caseArchives).where(eq(caseArchives.caseId, caseId))).toEqual([]);
      const row = await archiveCase(ctx, caseId);
      expect(row?.sha256).toMatch(/^[0-9a-f]{64}$/);
      const r = await verify(await ctx.blobs.getBuffer(row!.sha256));
      expect(r.problems).toEqual([]);
    });
  });
});
