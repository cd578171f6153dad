import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/app-context';
import { accountRoutes } from './accounts/routes';
import { notificationRoutes } from './notifications/routes';
import { housingRoutes } from './housing/routes';
import { contractRoutes } from './contracts/routes';
import { notaryRoutes } from './notary/routes';
import { filingRoutes } from './filing/routes';
import { documentRoutes } from './documents/routes';
import { calendarRoutes } from './calendar/routes';

/** Each context registers its routes and the events it listens to. */
export const MODULES: ((app: FastifyInstance, ctx: AppContext) => Promise<void>)[] = [
  accountRoutes,
  notificationRoutes,
  housingRoutes,
  contractRoutes,
  notaryRoutes,
  filingRoutes,
  documentRoutes,
  calendarRoutes,
];
