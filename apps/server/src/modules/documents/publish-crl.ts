import { eq } from 'drizzle-orm';
import { issueCrl, keyIdOf, type Credential, type RevocationReason } from '@netsign/documents';
import type { CoreContext } from '../../platform/app-context';
import { keyMetaOf, ZCrlMeta, type TCrlMeta } from '../../platform/key-store-meta';
import { keyStore } from '../../platform/tables';
import { certificateRevocations } from './tables';
import { platformCas } from './keys';

/** A CRL says when the next one comes; we publish daily and promise it within two days. */
const NEXT_UPDATE_MS = 2 * 24 * 3600_000;
/** Refreshed when less than this is left before nextUpdate (the scheduled job and a read). */
const REFRESH_BEFORE_MS = 24 * 3600_000;

/**
 * Signs and stores a new CRL for one platform CA (key_store row `crl:<ca key id>`): every
 * certificate it issued that was revoked, numbered one past the last.
 */
export async function publishCrl(ctx: CoreContext, ca: Credential): Promise<Buffer> {
  const id = keyIdOf(ca.certPem);
  const name = `crl:${id}`;
  const [prev] = await ctx.db.select().from(keyStore).where(eq(keyStore.name, name));
  const rows = await ctx.db.select().from(certificateRevocations).where(eq(certificateRevocations.issuerKeyId, id));
  const now = ctx.clock.now();
  // a stored row that is not a CRL row stops here (KeyMetaInvalidError): CRL numbers must only grow
  const number = (prev ? keyMetaOf(ZCrlMeta, prev).number : 0) + 1;
  const der = await issueCrl(
    ca,
    rows.map((r) => ({ serial: r.serial, revokedAt: r.revokedAt, reason: r.reason as RevocationReason })),
    {
      number,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + NEXT_UPDATE_MS),
    },
  );
  const meta: TCrlMeta = {
    der: der.toString('base64'),
    number,
    thisUpdate: now.toISOString(),
    nextUpdate: new Date(now.getTime() + NEXT_UPDATE_MS).toISOString(),
  };
  await ctx.db.insert(keyStore).values({ name, meta }).onConflictDoUpdate({ target: keyStore.name, set: { meta } });
  return der;
}

/** The published CRL of the CA with this key id (made or refreshed when missing or due); null for an unknown CA. */
export async function currentCrl(ctx: CoreContext, caKeyId: string): Promise<Buffer | null> {
  const ca = (await platformCas(ctx)).find((c) => keyIdOf(c.certPem) === caKeyId);
  if (!ca) return null;
  const [row] = await ctx.db
    .select()
    .from(keyStore)
    .where(eq(keyStore.name, `crl:${caKeyId}`));
  const meta = row ? keyMetaOf(ZCrlMeta, row) : undefined;
  if (meta && new Date(meta.nextUpdate).getTime() - ctx.clock.now().getTime() > REFRESH_BEFORE_MS)
    return Buffer.from(meta.der, 'base64');
  return publishCrl(ctx, ca);
}

/** Every platform CA's current CRL: what the server's own verification judges revocation by. */
export async function currentCrls(ctx: CoreContext): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const ca of await platformCas(ctx)) out.push((await currentCrl(ctx, keyIdOf(ca.certPem)))!);
  return out;
}

/** The scheduled job: a fresh CRL for every CA, so none lapses even when nothing is revoked. */
export async function refreshCrls(ctx: CoreContext) {
  for (const ca of await platformCas(ctx)) await publishCrl(ctx, ca);
}
