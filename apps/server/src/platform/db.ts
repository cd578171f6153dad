import { mkdirSync } from 'node:fs';
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
  close(): Promise<void>;
}

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/** Opens the database the config names and brings its schema up to date. */
export async function openDatabase(config: Pick<TConfig, 'DATABASE_URL' | 'dataDir' | 'PGLITE_MEMORY'>): Promise<Database> {
  if (config.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 20 });
    // an idle connection dropped by the server (restart, failover) must not crash the process;
    // the pool replaces it on the next query
    pool.on('error', (e) => console.error(`PostgreSQL idle connection lost: ${e.message}`));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    await migratePg(db as any, { migrationsFolder });
    return {
      kind: 'postgres',
      db,
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

/** The raw client under a transaction, so another library (pg-boss) can write in the same transaction. */
export function txSqlClient(tx: Executor): SqlClient {
  const client = (tx as any).session.client;
  return { executeSql: (text, values) => client.query(text, values ?? []) };
}
