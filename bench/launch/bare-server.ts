// The launch benchmark's second floor: the least any Node HTTP server can do per request on this
// machine — node:http, one pg pool of 20 per instance, one prepared statement and a small JSON
// answer per request, node cluster with the same number of instances. No session, no CSRF, no
// validation, no audit: not a product, a bound. Forked by launch.bench.ts; answers { url }.
import cluster from 'node:cluster';
import http from 'node:http';
import pg from 'pg';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);

if (cluster.isPrimary) {
  let listening = 0;
  let port = 0;
  cluster.on('listening', (_, address) => {
    port = address.port;
    if (++listening === WORKERS) process.send!({ url: `http://127.0.0.1:${port}` });
  });
  for (let i = 0; i < WORKERS; i++) cluster.fork();
  process.on('message', (m) => {
    if (m === 'stop') {
      for (const w of Object.values(cluster.workers ?? {})) w?.kill();
      process.exit(0);
    }
  });
} else {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  // listen(0) in a cluster worker: every worker gets the same port, shared through the primary
  http
    .createServer(async (_req, res) => {
      try {
        const r = await pool.query({ name: 'floor', text: 'select $1::int as ok', values: [1] });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(r.rows[0]));
      } catch {
        res.statusCode = 500;
        res.end();
      }
    })
    .listen(0, '127.0.0.1');
}
