import type { Executor } from '../../platform/db';
import type { EventBus } from '../../platform/queue';

export const STATUS_CHANGED = 'status.changed';

/** Something a person should hear about: who (organisations, buyers' phones), what, where. */
export interface TStatusChanged {
  entity: string;
  id: string;
  status: string;
  title: string;
  body: string;
  link?: string;
  orgIds: string[];
  phones?: string[];
  /** also text the buyers (results of their applications) */
  sms?: boolean;
}

export function announce(bus: EventBus, tx: Executor, e: TStatusChanged) {
  return bus.emit(tx, STATUS_CHANGED, e);
}
