import { eq } from 'drizzle-orm';
import type { AppContext } from './app-context';
import type { BlobMaintenance, BlobStore } from './blob-store';
import { withMigrationLock } from './db';
import { UnknownDataKeyError, type DataKeys } from './data-keys';
import { dataKeysOf, sealPersonal } from './personal-data';
import type { TSealMarkerMeta } from './key-store-meta';
import { keyStore } from './tables';

// Seals what was stored in clear before item 12, and what was sealed under a previous master key
// after a rotation (docs/SECURITY.md): ID numbers in rows, queued and archived events, stored
// idempotent answers, and every blob. Run at start under the migration lock (and by `netsign
// data seal`); a marker row records the key it last ran under, so it runs once per key.

const MARKER = 'data-seal';
const CANARY = 'netsign data seal';
const PAGE = 500;

/** The database was sealed under a master key this server does not hold. */
export class MasterKeyMismatchError extends Error {
  readonly code = 'MASTER_KEY_MISMATCH';
  constructor(sealedUnder: string, held: string[]) {
    super(
      `MASTER_KEY 与数据库不符：数据库中的个人信息由密钥 ${sealedUnder} 加密，本服务器只有 ${held.join('、')}（轮换密钥时请把旧密钥放入 MASTER_KEYS_PREVIOUS）/ MASTER_KEY does not match the database: its personal data is sealed under key ${sealedUnder}; this server holds ${held.join(', ')}`,
    );
    this.name = 'MasterKeyMismatchError';
  }
}

/** JSON columns that may hold ID numbers: table, primary key, column. */
const JSON_COLUMNS: [string, string, string][] = [
  ['contracts', 'id', 'terms'],
  ['notary_cases', 'id', 'snapshot'],
  ['filings', 'id', 'snapshot'],
  ['idempotency_keys', 'key', 'body'],
  ['pgboss.job', 'id', 'data'],
  ['pgboss.archive', 'id', 'data'],
];

type Sql = AppContext['database']['sql'];

async function exists(sql: Sql, table: string) {
  const { rows } = await sql.executeSql('select to_regclass($1) is not null as ok', [table]);
  return Boolean((rows[0] as any)?.ok);
}

/** Every row of `table` whose `column` matches, a page at a time, keyed by `pk`. */
async function* pages(sql: Sql, table: string, pk: string, column: string, where: string) {
  let last = '';
  for (;;) {
    const { rows } = await sql.executeSql(
      `select ${pk}::text as pk, ${column} as v from ${table} where ${where} and ${pk}::text > $1 order by ${pk}::text limit ${PAGE}`,
      [last],
    );
    if (!rows.length) return;
    for (const r of rows as { pk: string; v: unknown }[]) yield r;
    last = (rows.at(-1) as { pk: string }).pk;
  }
}

async function sealRows(sql: Sql, keys: DataKeys) {
  let changed = 0;
  for (const [table, pk, column] of JSON_COLUMNS) {
    if (!(await exists(sql, table))) continue;
    for await (const r of pages(
      sql,
      table,
      pk,
      column,
      `${column}::text like '%IdNumber"%' or ${column}::text like '%idNumber"%'`,
    )) {
      const value = typeof r.v === 'string' ? JSON.parse(r.v) : r.v;
      const sealed = sealPersonal(keys, value);
      if (JSON.stringify(sealed) === JSON.stringify(value)) continue;
      await sql.executeSql(`update ${table} set ${column} = $1::jsonb where ${pk}::text = $2`, [
        JSON.stringify(sealed),
        r.pk,
      ]);
      changed++;
    }
  }
  for await (const r of pages(sql, 'organisations', 'id', 'legal_rep_id_number', 'legal_rep_id_number is not null')) {
    const sealed = sealPersonal(keys, { legalRepIdNumber: r.v as string }).legalRepIdNumber;
    if (sealed === r.v) continue;
    await sql.executeSql('update organisations set legal_rep_id_number = $1 where id::text = $2', [sealed, r.pk]);
    changed++;
  }
  // a travel document's number was kept as an unkeyed SHA-256 (guessable): now its blind index
  const { rows } = await sql.executeSql(
    `select a.id::text as id, a.steps as steps, c.snapshot as snapshot, a.buyer_index as i from buyer_applications a join notary_cases c on c.id = a.case_id where a.steps->'first' ? 'numberHash'`,
    [],
  );
  for (const r of rows as { id: string; steps: any; snapshot: any; i: number }[]) {
    const steps = typeof r.steps === 'string' ? JSON.parse(r.steps) : r.steps;
    const snapshot = sealPersonal(keys, typeof r.snapshot === 'string' ? JSON.parse(r.snapshot) : r.snapshot);
    const { numberHash: _, ...first } = steps.first;
    const index = snapshot.terms?.buyers?.[r.i]?.idNumberIndex;
    await sql.executeSql('update buyer_applications set steps = $1::jsonb where id::text = $2', [
      JSON.stringify({ ...steps, first: { ...first, ...(index ? { numberIndex: index } : {}) } }),
      r.id,
    ]);
    changed++;
  }
  return changed;
}

async function sealBlobs(store: BlobStore & BlobMaintenance, keys: DataKeys, log: AppContext['log']) {
  let sealed = 0;
  for await (const sha of store.keys()) {
    if ((await store.sealedUnder(sha)) === keys.keyId) continue;
    // read (opened, checked against its name) and written again: sealed under the current key
    await store.put(await store.get(sha));
    if (++sealed % 1000 === 0) log.info({ sealed }, 'sealing blobs');
  }
  return sealed;
}

/**
 * Refuses a master key that does not open the database's data (MasterKeyMismatchError), and
 * seals what is not sealed under the current key. Returns what it changed.
 */
export async function sealAtRest(
  ctx: Pick<AppContext, 'config' | 'database' | 'db' | 'log'>,
  store: BlobStore & BlobMaintenance,
  opts: { force?: boolean } = {},
) {
  const keys = dataKeysOf(ctx);
  return withMigrationLock(ctx.database, async () => {
    const [marker] = await ctx.db.select().from(keyStore).where(eq(keyStore.name, MARKER));
    if (marker?.encryptedKey) {
      const under = keys.keyIdOf(marker.encryptedKey) ?? '?';
      try {
        keys.openText(marker.encryptedKey);
      } catch (e) {
        if (e instanceof UnknownDataKeyError) throw new MasterKeyMismatchError(under, keys.keyIds);
        throw e;
      }
      if (under === keys.keyId && !opts.force) return { rows: 0, blobs: 0, ran: false };
    }
    const rows = await sealRows(ctx.database.sql, keys);
    let blobs: number;
    try {
      blobs = await sealBlobs(store, keys, ctx.log);
    } catch (e) {
      // an unreachable blob store must not stop the start (/readyz reports it); no marker is
      // written, so the next start — or `netsign data seal` — seals what is left
      ctx.log.error(
        { err: (e as Error).message },
        'blobs not sealed: the blob store cannot be read; run `netsign data seal` once it is back',
      );
      return { rows, blobs: 0, ran: true };
    }
    const row = {
      encryptedKey: keys.sealText(CANARY),
      meta: { keyId: keys.keyId, at: new Date().toISOString(), rows, blobs } satisfies TSealMarkerMeta,
    };
    await ctx.db
      .insert(keyStore)
      .values({ name: MARKER, ...row })
      .onConflictDoUpdate({ target: keyStore.name, set: row });
    if (rows || blobs) ctx.log.info({ keyId: keys.keyId, rows, blobs }, 'personal data sealed at rest');
    return { rows, blobs, ran: true };
  });
}
