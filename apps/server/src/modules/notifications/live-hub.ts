import { EventEmitter } from 'node:events';

export interface LiveEvent {
  entity: string;
  id: string;
  status?: string;
  title?: string;
}

/**
 * Pushes changes to open staff lists and buyer pages (server-sent events). In one process this is
 * an in-memory emitter; several server processes would relay it through PostgreSQL LISTEN/NOTIFY.
 */
export class LiveHub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  publish(channel: string, event: LiveEvent) {
    this.emitter.emit(channel, event);
  }
  subscribe(channel: string, listener: (e: LiveEvent) => void): () => void {
    this.emitter.on(channel, listener);
    return () => this.emitter.off(channel, listener);
  }
}

export const orgChannel = (orgId: string) => `org:${orgId}`;
export const phoneChannel = (phone: string) => `phone:${phone}`;
