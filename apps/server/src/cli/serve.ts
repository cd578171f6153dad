import { parseArgs } from 'node:util';
import { networkInterfaces } from 'node:os';
import { buildServer } from '../app';
import { loadConfig } from '../platform/config';
import { seedDemoData } from '../demo/seed-demo-data';
import { DEMO_ACCOUNTS } from '../demo/demo-accounts';
import { lanAddresses, startBanner } from './start-banner';

/** A stopping instance is gone within this time (under 10 s; orchestrators wait longer before SIGKILL). */
const SHUTDOWN_MS = 9_500;

/**
 * `netsign serve [--demo-data] [--dev-outbox]`: the product on PORT (3000), PGlite in DATA_DIR
 * unless DATABASE_URL. The demo mode (`npm start`) also serves the local SMS outbox, which shows
 * sign-in codes to anyone who can reach the server; it says so below.
 */
export async function run(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { 'demo-data': { type: 'boolean', default: false }, 'dev-outbox': { type: 'boolean', default: false } },
  });
  const config = loadConfig(
    process.env,
    values['demo-data'] || values['dev-outbox'] ? { DEV_OUTBOX: 'true' as any } : {},
  );
  const server = await buildServer(config);
  if (values['demo-data']) {
    const r = await seedDemoData(server.ctx);
    if (r.seeded) server.ctx.log.info('demo data created');
  }
  await server.app.listen({ port: config.PORT, host: config.HOST });
  console.log(
    startBanner({
      config,
      database: server.ctx.database.kind,
      lan: lanAddresses(networkInterfaces()),
      accounts: values['demo-data'] ? DEMO_ACCOUNTS : undefined,
    }).join('\n'),
  );
  // SIGTERM (a deploy, the orchestrator) or Ctrl-C: stop accepting, end the live streams with a
  // retry hint, finish running requests, stop the queue's workers; gone within SHUTDOWN_MS either way
  const stop = async (signal: string) => {
    server.ctx.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      server.ctx.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_MS).unref();
    try {
      await server.close({ deadlineMs: SHUTDOWN_MS - 1000 });
      process.exit(0);
    } catch (err) {
      server.ctx.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
