import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The built web apps: the staff console at /console/, the buyer's app at /m/ (single-page apps). */
export const WEB_APPS = [
  { prefix: '/console/', dist: join(root, 'apps/console/dist') },
  { prefix: '/m/', dist: join(root, 'apps/mobile/dist') },
];

export async function installWebApps(app: FastifyInstance, production = false) {
  let first = true;
  for (const w of WEB_APPS) {
    if (!existsSync(join(w.dist, 'index.html'))) continue;
    await app.register(fastifyStatic, {
      root: w.dist,
      prefix: w.prefix,
      decorateReply: first,
      index: ['index.html'],
      wildcard: false,
    });
    first = false;
    // hashed bundles are looked up per request, so a rebuild is served without a restart
    if (existsSync(join(w.dist, 'assets'))) {
      await app.register(fastifyStatic, {
        root: join(w.dist, 'assets'),
        prefix: `${w.prefix}assets/`,
        decorateReply: false,
        wildcard: true,
        immutable: true,
        maxAge: '365d',
      });
    }
    const cached = readFileSync(join(w.dist, 'index.html'));
    // outside production a rebuilt app is picked up without a restart
    const index = () => (production ? cached : readFileSync(join(w.dist, 'index.html')));
    // a deep link (e.g. the QR's /m/case/<token>) gets the app, which routes in the browser
    app.get(`${w.prefix}*`, { schema: { hide: true } }, (_req, reply) =>
      reply.type('text/html; charset=utf-8').send(index()),
    );
  }
  app.get('/', { schema: { hide: true } }, (_req, reply) =>
    reply.redirect(existsSync(join(WEB_APPS[0].dist, 'index.html')) ? '/console/' : '/api/docs'),
  );
}
