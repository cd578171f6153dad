import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { organisations } from '../accounts/tables';
import { organisationSigner, prepareSigner } from './keys';
import { revokeKey } from './revoke-key';

// Signing runs inside a transaction. On PGlite (one connection) a key lookup that goes to the
// database there waits for that same transaction: a 公证书 that took more than the cache's 10 s to
// render hung the whole server at 审核通过. Outside a transaction a revocation still counts at once.
describe('signing keys inside a long transaction', () => {
  let w: DemoWorld;
  let office: typeof organisations.$inferSelect;
  beforeAll(async () => {
    w = await demoWorld();
    [office] = await w.server.ctx.db.select().from(organisations).where(eq(organisations.kind, 'notary'));
  }, 300_000);
  afterAll(() => w?.close());

  it('answers from the cache when the cached key is older than the re-read interval', async () => {
    const ctx = w.server.ctx;
    await prepareSigner(ctx, office);
    await new Promise((r) => setTimeout(r, 10_500)); // the cache's own interval: real time, not the test clock
    const signer = await ctx.db.transaction(async (tx) => {
      await tx.select().from(organisations).where(eq(organisations.id, office.id)); // the transaction holds the connection
      return organisationSigner(ctx, office);
    });
    expect(signer.certPem).toContain('BEGIN CERTIFICATE');
    expect((await signer.sign(Buffer.from('x'))).length).toBeGreaterThan(0);
  }, 60_000);

  it('still refuses a revoked key before a signing transaction opens (prepareSigner reads it again)', async () => {
    const ctx = w.server.ctx;
    await organisationSigner(ctx, office);
    await revokeKey(ctx, `org:${office.id}`, 'keyCompromise', 'test');
    await expect(prepareSigner(ctx, office)).rejects.toMatchObject({ code: 'KEY_REVOKED' });
  }, 60_000);
});
