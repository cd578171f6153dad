import { randomUUID } from 'node:crypto';
import type { Executor } from '../../platform/db';
import { outboundMessages } from './tables';

/** What an SMS or e-mail gateway must do. Production adapters (a licensed SMS provider) implement this. */
export interface MessageGateway {
  readonly name: string;
  send(
    db: Executor,
    message: { channel: 'sms' | 'email'; to: string; body: string; meta?: Record<string, unknown> },
  ): Promise<void>;
}

/**
 * The built-in gateway: delivers into the local outbox table, which the developer page
 * /api/dev/outbox lists. It stands in for the licensed SMS service, behind the same interface.
 */
export const localOutboxGateway: MessageGateway = {
  name: 'local-outbox',
  async send(db, m) {
    await db.insert(outboundMessages).values({
      id: randomUUID(),
      channel: m.channel,
      to: m.to,
      body: m.body,
      gateway: 'local-outbox',
      meta: m.meta ?? null,
    });
  },
};
