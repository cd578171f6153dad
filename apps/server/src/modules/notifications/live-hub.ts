import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db';

export interface LiveEvent {
  entity: string;
  id: string;
  status?: string;
  title?: string;
}

/**
 * Pushes changes to open staff lists and buyer pages (server-sent events). Publish after the
 * change commits, so a rolled-back change is never announced. On PostgreSQL every instance hears
 * every event (LISTEN/NOTIFY) and relays it to its own SSE clients; on PGlite (one process) the
 * events stay in memory.
 */
export interface LiveHub {
  publish(channel: string, event: LiveEvent): Promise<void>;
  subscribe(channel: string, listener: (e: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

export const orgChannel = (orgId: string) => `org:${orgId}`;
export const phoneChannel = (phone: string) => `phone:${phone}`;

export function openLiveHub(database: Database, log: Logger): Promise<LiveHub> | LiveHub {
  return database.kind === 'postgres' && database.url
    ? PgLiveHub.open(database, database.url, log)
    : new MemoryLiveHub();
}

export class MemoryLiveHub implements LiveHub {
  protected readonly emitter = new EventEmitter().setMaxListeners(0);
  async publish(channel: string, event: LiveEvent) {
    this.emitter.emit(channel, event);
  }
  subscribe(channel: string, listener: (e: LiveEvent) => void): () => void {
    this.emitter.on(channel, listener);
    return () => this.emitter.off(channel, listener);
  }
  async close() {
    this.emitter.removeAllListeners();
  }
}

/** The one PostgreSQL notification channel every instance listens on. */
const PG_CHANNEL = 'netsign_live';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD = 7900;

/** Encodes one event for NOTIFY; a title too long for the limit is dropped (the page reloads anyway). */
export function livePayload(channel: string, event: LiveEvent): string {
  const e: LiveEvent = { entity: event.entity, id: event.id, status: event.status, title: event.title };
  let text = JSON.stringify({ c: channel, e });
  if (Buffer.byteLength(text) > MAX_PAYLOAD) text = JSON.stringify({ c: channel, e: { ...e, title: undefined } });
  if (Buffer.byteLength(text) > MAX_PAYLOAD) throw new Error('live event too large for NOTIFY');
  return text;
}

/**
 * LISTEN needs a connection of its own (a pooled one is handed to other queries); it reconnects
 * after an error and listens again. Events sent while it was away are lost, so after a reconnect
 * every open stream gets one `{ entity: 'resync' }` change: pages re-read the database on any
 * change event.
 */
class PgLiveHub extends MemoryLiveHub {
  private client?: pg.Client;
  private closed = false;
  private retry?: NodeJS.Timeout;

  private constructor(
    private readonly database: Database,
    private readonly url: string,
    private readonly log: Logger,
  ) {
    super();
  }

  static async open(database: Database, url: string, log: Logger) {
    const hub = new PgLiveHub(database, url, log);
    await hub.connect();
    return hub;
  }

  private async connect() {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (m) => {
      if (m.channel !== PG_CHANNEL || !m.payload) return;
      try {
        const { c, e } = JSON.parse(m.payload);
        this.emitter.emit(c, e);
      } catch (err) {
        this.log.warn({ err }, 'live update not understood');
      }
    });
    client.on('error', (err) => {
      this.log.warn({ err }, 'live updates: LISTEN connection lost; reconnecting');
      this.reconnectLater(client);
    });
    client.on('end', () => this.reconnectLater(client));
    try {
      await client.connect();
      await client.query(`listen ${PG_CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
  }

  private reconnectLater(lost: pg.Client) {
    if (this.closed || this.client !== lost || this.retry) return;
    this.client = undefined;
    lost.end().catch(() => {});
    const attempt = (delay: number) => {
      this.retry = setTimeout(async () => {
        this.retry = undefined;
        if (this.closed) return;
        try {
          await this.connect();
          this.log.info('live updates: listening again');
          // what was published meanwhile was missed: every open page re-reads what it shows
          for (const channel of this.emitter.eventNames())
            this.emitter.emit(channel, { entity: 'resync', id: '' } satisfies LiveEvent);
        } catch (err) {
          this.log.warn({ err }, 'live updates: reconnect failed');
          attempt(Math.min(delay * 2, 10_000));
        }
      }, delay);
    };
    attempt(250);
  }

  override async publish(channel: string, event: LiveEvent) {
    // through the pool, so publishing does not wait for the listening connection; this instance
    // hears its own notification like the others do
    await this.database.sql.executeSql('select pg_notify($1, $2)', [PG_CHANNEL, livePayload(channel, event)]);
  }

  override async close() {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
    await super.close();
  }
}
