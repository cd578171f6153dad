import pino from 'pino';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/db';
import { openBlobStore } from '../platform/blob-store';
import { registerDataKeys } from '../platform/personal-data';
import { sealAtRest } from '../platform/seal-at-rest';
import { serverDataKeys } from '../app';

/**
 * `netsign data seal`: seals every ID number and blob not yet sealed under the current master key
 * — what each server start does once per key (docs/SECURITY.md, item 12) — e.g. ahead of a
 * start after a rotation, so that start does not wait on a large blob store.
 */
export async function run(args: string[]) {
  if (args.join(' ') !== 'seal') {
    console.error('用法 usage: netsign data seal');
    return 2;
  }
  const config = loadConfig();
  const log = pino({ level: config.LOG_LEVEL });
  const database = await openDatabase(config);
  const keys = serverDataKeys(config, log);
  const unregister = registerDataKeys(config, keys);
  try {
    const store = await openBlobStore(config, log, () => keys);
    const r = await sealAtRest({ config, database, db: database.db, log }, store, { force: true });
    console.log(`已加密 sealed under key ${keys.keyId}: ${r.rows} rows, ${r.blobs} blobs changed`);
    return 0;
  } finally {
    unregister();
    await database.close();
  }
}
