import type { Logger } from 'pino';
import type { TConfig } from './config';
import type { Database, Db, Executor, Tx } from './db';
import type { BlobStore } from './blob-store';
import type { EventBus } from './queue';
import type { Clock } from './clock';
import type { LiveHub } from '../modules/notifications/live-hub';
import type { WorkCalendars } from '../modules/calendar/work-calendar';

/** What every use case may use: the only way code reaches a backend. */
export interface AppContext {
  config: TConfig;
  database: Database;
  db: Db;
  blobs: BlobStore;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  live: LiveHub;
  /** the working-day calendar (节假日安排), the same on every instance */
  calendar: WorkCalendars;
}

export type { Db, Executor, Tx };

/**
 * The part of the context that works without a running server (no queue, blob store, live hub or
 * calendar): what keys, revocation and audit checkpoints need, so the CLI can run them too.
 */
export type CoreContext = Pick<AppContext, 'config' | 'database' | 'db' | 'clock' | 'log'>;

export type StaffRole = 'seller_clerk' | 'notary' | 'center_clerk' | 'admin';
export type OrgKind = 'seller' | 'notary' | 'center' | 'platform';

/** Who is acting: a staff member of an organisation, or a buyer signed in by phone. */
export type Actor =
  | { kind: 'staff'; userId: string; orgId: string; orgKind: OrgKind; role: StaffRole; name: string }
  | { kind: 'buyer'; phone: string }
  | { kind: 'system' };

export function actorId(a: Actor): string {
  if (a.kind === 'staff') return a.userId;
  if (a.kind === 'buyer') return `buyer:${a.phone.slice(0, 3)}****${a.phone.slice(-4)}`;
  return 'system';
}
export const actorOrg = (a: Actor) => (a.kind === 'staff' ? a.orgId : null);
