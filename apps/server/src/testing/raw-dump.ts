import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../platform/app-context';

/** Every row of every table (netsign's, pg-boss's, drizzle's) as PostgreSQL prints it: what a database dump holds. */
export async function databaseDump(ctx: Pick<AppContext, 'database'>): Promise<string> {
  const { rows } = await ctx.database.sql.executeSql(
    `select table_schema as s, table_name as t from information_schema.tables where table_type = 'BASE TABLE' and table_schema in ('public', 'pgboss', 'drizzle') order by 1, 2`,
    [],
  );
  const out: string[] = [];
  for (const { s, t } of rows as { s: string; t: string }[]) {
    const r = await ctx.database.sql.executeSql(`select x::text as row from "${s}"."${t}" x`, []);
    for (const { row } of r.rows as { row: string }[]) out.push(`${s}.${t} ${row}`);
  }
  return out.join('\n');
}

/** The bytes of every blob of a local blob store, as held on disk. */
export function heldBlobs(dataDir: string): { name: string; bytes: Buffer }[] {
  const dir = join(dataDir, 'blobs');
  return readdirSync(dir)
    .filter((d) => /^[0-9a-f]{2}$/.test(d))
    .flatMap((d) => readdirSync(join(dir, d)).map((name) => ({ name, bytes: readFileSync(join(dir, d, name)) })));
}

/** The file type a blob's first bytes betray, if any (JPEG, PNG, WebP, PDF, MP4, WebM). */
export function clearFileType(b: Buffer): string | null {
  if (b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'jpeg';
  if (b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return 'png';
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (b.subarray(4, 8).toString('latin1') === 'ftyp') return 'mp4';
  if (b.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))) return 'webm';
  return null;
}
