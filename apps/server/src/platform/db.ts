import { mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema';
import type { TConfig } from './config';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or a transaction on it. */
export type Executor = Db | Tx;

/** Raw SQL on one connection, as pg-boss wants it: `{ rows }` back. */
export interface SqlClient {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  sql: SqlClient;
  /** PostgreSQL's address, for connections outside the pool (LISTEN needs its own) */
  url?: string;
  close(): Promise<void>;
}

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/** Opens the database the config names and brings its schema up to date. */
export async function openDatabase(
  config: Pick<TConfig, 'DATABASE_URL' | 'dataDir' | 'PGLITE_MEMORY'>,
): Promise<Database> {
  if (config.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 20 });
    // an idle connection dropped by the server (restart, failover) must not crash the process;
    // the pool replaces it on the next query
    pool.on('error', (e) => console.error(`PostgreSQL idle connection lost: ${e.message}`));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    try {
      await underMigrationLock(config.DATABASE_URL, () => migratePg(db as any, { migrationsFolder }));
    } catch (e) {
      await pool.end();
      throw e;
    }
    return {
      kind: 'postgres',
      db,
      url: config.DATABASE_URL,
      sql: { executeSql: (text, values) => pool.query(text, values as any[]) },
      close: () => pool.end(),
    };
  }
  let dataDir: string | undefined;
  if (!config.PGLITE_MEMORY) {
    dataDir = join(config.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create(dataDir ? { dataDir } : {});
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(db as any, { migrationsFolder });
  return {
    kind: 'pglite',
    db,
    // pg-boss sends multi-statement scripts without values: those need exec, not query
    sql: {
      executeSql: async (text, values) => {
        if (values && values.length) return client.query(text, values);
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      },
    },
    close: () => client.close(),
  };
}

/** Any number that no other code uses as an advisory lock key: 'netsign migrate'. */
// biome-ignore lint/correctness/noPrecisionLoss: the key is the double this literal rounds to; every instance computes the same one
const MIGRATION_LOCK = 0x6e65747369676e;

/**
 * Runs schema changes (drizzle's migrations, pg-boss's schema) while holding a session advisory
 * lock on a connection of its own, so instances starting together on one database migrate one
 * after the other (the later ones find nothing left to do) instead of racing to create the same
 * schemas and tables. PGlite has one process: nothing to lock.
 */
export async function withMigrationLock<T>(database: Pick<Database, 'url'>, migrate: () => Promise<T>): Promise<T> {
  return database.url ? underMigrationLock(database.url, migrate) : migrate();
}

async function underMigrationLock<T>(url: string, migrate: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // the query below fails and says why
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await migrate();
  } finally {
    // ending the session releases the lock even if unlock is never reached
    await client.end().catch(() => {});
  }
}

/**
 * True once every migration shipped with this code is recorded in the database (drizzle keeps
 * them in drizzle.__drizzle_migrations by the `when` of their journal entry).
 */
export async function migrationsDone(database: Database): Promise<boolean> {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  const last = Math.max(...journal.entries.map((e) => e.when));
  const { rows } = await database.sql.executeSql(
    'select max(created_at)::text as at from drizzle.__drizzle_migrations',
    [],
  );
  return rows[0]?.at != null && Number(rows[0].at) >= last;
}

/** The raw client under a transaction, so another library (pg-boss) can write in the same transaction. */
export function txSqlClient(tx: Executor): SqlClient {
  const client = (tx as any).session.client;
  return { executeSql: (text, values) => client.query(text, values ?? []) };
}
