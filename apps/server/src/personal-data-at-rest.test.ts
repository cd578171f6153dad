import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { makeCitizenId } from '@netsign/domain';
import { demoWorld, type DemoWorld } from './testing/world';
import { buildServer } from './app';
import { loadConfig, type TConfig } from './platform/config';
import { createTestDatabase } from './testing/test-server';
import { clearFileType, databaseDump, heldBlobs } from './testing/raw-dump';
import { DEMO_BUYERS } from './demo/demo-accounts';
import { seedDemoData } from './demo/seed-demo-data';
import { dataKeys } from './platform/data-keys';
import { registerDataKeys } from './platform/personal-data';
import { MasterKeyMismatchError, sealAtRest } from './platform/seal-at-rest';
import { sha256Hex, type LocalBlobStore } from './platform/blob-store';
import { contracts } from './modules/contracts/tables';
import { keyStore } from './platform/tables';

// Issue 11 item 12: ID numbers, ID photos and face frames at rest. What an attacker with a copy of
// the database or of the blob store gets: sealed text and sealed blobs. The server still finds a
// contract by a buyer's ID number (blind index), shows the seller the number, masks it in public.

const LEGAL_REP_ID = makeCitizenId({ regionCode: '442000', birthDate: '1970-03-15', sequence: 123 });
const BUYER_IDS = DEMO_BUYERS.map((b) => b.idNumber);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF'), randomBytes(2000)]);

describe('personal data at rest', () => {
  let w: DemoWorld;
  let contract: { id: string; businessNo: string };

  beforeAll(async () => {
    w = await demoWorld();
    contract = await w.pushedContract(DEMO_BUYERS.map((b) => ({ ...b, share: 50 })));
  }, 300_000);
  afterAll(() => w?.close());

  it('keeps no ID number in clear anywhere in the database (tables, queued and archived events, stored answers)', async () => {
    const dump = await databaseDump(w.server.ctx);
    expect(dump).toContain(contract.businessNo); // the dump is real
    for (const id of [...BUYER_IDS, LEGAL_REP_ID]) expect(dump).not.toContain(id);
    expect(dump).toMatch(/idNumber"+: "+ns1\.[0-9a-f]{16}\./);
  });

  it('holds every blob sealed: no JPEG, PNG, PDF or video shows in the blob store', () => {
    const blobs = heldBlobs(w.server.dataDir);
    expect(blobs.length).toBeGreaterThan(5); // photos, drawings, the e-contract, the case documents
    for (const b of blobs) {
      expect(clearFileType(b.bytes), b.name).toBeNull();
      expect(b.bytes.subarray(0, 8).toString()).toBe('NSBLOB1\n');
    }
  });

  it('shows the seller the ID numbers it entered, and serves the files opened', async () => {
    const r = await w.seller.get(`/api/contracts/${contract.id}`);
    expect(r.status).toBe(200);
    expect(r.body.terms.buyers.map((b: any) => b.idNumber)).toEqual(BUYER_IDS);
    expect(JSON.stringify(r.body)).not.toContain('idNumberIndex');
    const material = r.body.materials
      .flatMap((c: any) => c.files)
      .find((m: any) => m.mime === 'image/png' || m.mime === 'image/jpeg');
    const file = await w.seller.request('GET', `/api/contracts/${contract.id}/materials/${material.id}/file`);
    expect(file.status).toBe(200);
    expect(['png', 'jpeg']).toContain(clearFileType(file.raw));
  });

  it('finds the contract by a buyer’s whole ID number, however it is written, but not by a part of it', async () => {
    const find = async (q: string) =>
      (await w.seller.get(`/api/contracts?q=${encodeURIComponent(q)}`)).body.items.map((i: any) => i.id);
    expect(await find(BUYER_IDS[0]!)).toContain(contract.id);
    expect(await find(BUYER_IDS[1]!.toLowerCase())).toContain(contract.id);
    expect(await find(BUYER_IDS[0]!.slice(0, 10))).not.toContain(contract.id);
  });

  it('gives the notary the full ID numbers of the case', async () => {
    const cases = (await w.notary.get(`/api/notary/cases?q=${contract.businessNo}`)).body.items;
    const detail = (await w.notary.get(`/api/notary/cases/${cases[0].id}`)).body;
    expect(detail.snapshot.terms.buyers.map((b: any) => b.idNumber)).toEqual(BUYER_IDS);
  });

  it('seals what an earlier netsign stored in clear: rows and blobs, at the next start', async () => {
    const { ctx } = w.server;
    const [row] = await ctx.db.select().from(contracts).where(eq(contracts.id, contract.id));
    const clearTerms = {
      ...(row!.terms as any),
      buyers: (row!.terms as any).buyers.map((b: any, i: number) => ({
        ...b,
        idNumber: BUYER_IDS[i],
        idNumberIndex: undefined,
      })),
    };
    await ctx.database.sql.executeSql('update contracts set terms = $1::jsonb where id = $2', [
      JSON.stringify(clearTerms),
      contract.id,
    ]);
    await ctx.database.sql.executeSql(`update organisations set legal_rep_id_number = $1 where kind = 'seller'`, [
      LEGAL_REP_ID,
    ]);
    const store = ctx.blobs as LocalBlobStore;
    const sha = sha256Hex(JPEG);
    await store.put(JPEG);
    writeFileSync(store.path(sha), JPEG);
    expect(await databaseDump(ctx)).toContain(BUYER_IDS[0]);
    await ctx.db.delete(keyStore).where(eq(keyStore.name, 'data-seal'));

    const r = await sealAtRest(ctx, store as any);
    expect(r.rows).toBeGreaterThanOrEqual(2);
    expect(r.blobs).toBe(1);
    const dump = await databaseDump(ctx);
    for (const id of [...BUYER_IDS, LEGAL_REP_ID]) expect(dump).not.toContain(id);
    expect(clearFileType(heldBlobs(w.server.dataDir).find((b) => b.name === sha)!.bytes)).toBeNull();
    expect((await ctx.blobs.getBuffer(sha)).equals(JPEG)).toBe(true);
    expect((await w.seller.get(`/api/contracts?q=${BUYER_IDS[0]}`)).body.items.map((i: any) => i.id)).toContain(
      contract.id,
    );
  });

  it('refuses to run with a master key that did not seal the database (MasterKeyMismatchError)', async () => {
    const config = { ...w.server.ctx.config } as TConfig;
    const unregister = registerDataKeys(config, dataKeys(randomBytes(32)));
    try {
      await expect(sealAtRest({ ...w.server.ctx, config }, w.server.ctx.blobs as any)).rejects.toThrow(
        MasterKeyMismatchError,
      );
    } finally {
      unregister();
    }
  });
});

describe('a server started with another master key', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'netsign-rekey-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const k1 = randomBytes(32).toString('hex');
  const k2 = randomBytes(32).toString('hex');
  const config = (env: Record<string, string>) =>
    loadConfig(
      {},
      {
        DATA_DIR: dataDir,
        DATABASE_URL: database?.url,
        PGLITE_MEMORY: 'false' as any,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        PORT: 0 as any,
        ...env,
      },
    );

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops with MasterKeyMismatchError naming both keys, and starts once the old key is listed as previous (rotation)', async () => {
    const first = await buildServer(config({ MASTER_KEY: k1 }));
    await seedDemoData(first.ctx);
    const oldKeyId = dataKeys(Buffer.from(k1, 'hex')).keyId;
    await first.close();

    const error = await buildServer(config({ MASTER_KEY: k2 })).then(
      (s) => s.close().then(() => null),
      (e) => e,
    );
    expect(error).toBeInstanceOf(MasterKeyMismatchError);
    expect(error.code).toBe('MASTER_KEY_MISMATCH');
    expect(error.message).toContain(oldKeyId);

    const rotated = await buildServer(config({ MASTER_KEY: k2, MASTER_KEYS_PREVIOUS: k1 }));
    try {
      const newKeyId = dataKeys(Buffer.from(k2, 'hex')).keyId;
      const dump = await databaseDump(rotated.ctx);
      expect(dump).not.toContain(LEGAL_REP_ID);
      expect(dump).toContain(`ns1.${newKeyId}.`);
      expect(dump).not.toContain(`ns1.${oldKeyId}.`);
    } finally {
      await rotated.close();
    }
  }, 300_000);
});
