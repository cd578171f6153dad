import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/db';
import { importCredential } from '../modules/documents/import-credential';
import { masterKey, platformCa } from '../modules/documents/keys';
import { keyStore } from '../platform/tables';

/**
 * `netsign keys list` — which keys the server holds (certificates, never private keys)
 * `netsign keys root` — prints the platform root certificate (PEM), to trust in readers and NSS
 * `netsign keys import --org ORG_ID --p12 FILE --password PW` — a real CA's key for an organisation
 *   (`--name tsa` instead of `--org` replaces the time-stamp authority's key)
 */
export async function run(args: string[]) {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { org: { type: 'string' }, name: { type: 'string' }, p12: { type: 'string' }, password: { type: 'string', default: '' } } });
  const config = loadConfig();
  const database = await openDatabase(config);
  const ctx = { config, db: database.db, log: { warn: (o: unknown, m: string) => console.error(m, o), info() {} } } as any;
  try {
    if (sub === 'list') {
      for (const k of await database.db.select().from(keyStore)) {
        const subject = /Subject: (.*)/.exec(new (await import('node:crypto')).X509Certificate(k.certificatePem!).toString())?.[1] ?? '';
        console.log(`${k.name.padEnd(44)} ${(k.meta as any)?.imported ? 'imported ' : 'generated'} ${subject}`);
      }
      return 0;
    }
    if (sub === 'root') {
      process.stdout.write((await platformCa(ctx)).certPem);
      return 0;
    }
    if (sub === 'import' && values.p12 && (values.org || values.name)) {
      const name = values.org ? `org:${values.org}` : values.name!;
      const c = await importCredential(database.db, masterKey(ctx), name, values.p12, values.password!);
      console.log(`已导入 imported ${name}: ${new (await import('node:crypto')).X509Certificate(c.certPem).subject.replaceAll('\n', ', ')}`);
      return 0;
    }
    console.error('用法 usage: netsign keys list | root | import --org ORG_ID --p12 FILE [--password PW]');
    return 2;
  } finally {
    await database.close();
  }
}
