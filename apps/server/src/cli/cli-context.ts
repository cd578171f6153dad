import pino from 'pino';
import type { CoreContext } from '../platform/app-context';
import { systemClock } from '../platform/clock';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/db';

/** The configuration and database of this installation, the system clock, warnings to stderr. */
export async function openCliContext(): Promise<CoreContext> {
  const config = loadConfig();
  const database = await openDatabase(config);
  return { config, database, db: database.db, clock: systemClock, log: pino({ level: 'warn' }, pino.destination(2)) };
}
