// A share of the launch benchmark's clerks, in a process of its own (forked by launch.bench.ts):
// signs its sessions in, waits for "go", then each clerk creates and submits one contract for its
// unit over HTTP and the process reports every latency and outcome.
import { ApiClient } from '../../apps/server/src/testing/http-client';
import { contractTerms } from '../../apps/server/src/demo/walk/seller-steps';
import { DEMO_BUYERS } from '../../apps/server/src/demo/demo-accounts';

type Job = { url: string; units: any[]; clients: number[]; sessions: number };
const job: Job = await new Promise((r) => process.once('message', r as any));
// one after another: the login limit counts attempts before judging them, so many at once look like guessing
const clerks: ApiClient[] = [];
for (let i = 0; i < job.sessions; i++) clerks.push(await new ApiClient(job.url).login('seller', 'Seller@2026demo'));
process.send!('ready');
await new Promise((r) => process.once('message', r));

const today = new Date();
const latencies: number[] = [];
let won = 0,
  refused = 0,
  failed = 0,
  requests = 0;
await Promise.all(
  job.clients.map(async (i, k) => {
    const clerk = clerks[k % clerks.length];
    const unit = job.units[(i * 7919) % job.units.length]; // every unit wanted by several clients, in scattered order
    const t0 = performance.now();
    let outcome: number;
    try {
      const draft = await clerk.post('/api/contracts', {
        unitId: unit.id,
        terms: contractTerms(unit, [DEMO_BUYERS[0]], today),
      });
      requests++;
      outcome = draft.status;
      if (draft.status === 201) {
        outcome = (await clerk.post(`/api/contracts/${draft.body.id}/submit`)).status;
        requests++;
      }
    } catch {
      outcome = 0; // connection refused or reset
    }
    latencies.push(performance.now() - t0);
    if (outcome === 200) won++;
    else if (outcome === 409) refused++;
    else failed++;
  }),
);
process.send!({ latencies, won, refused, failed, requests });

// The floors (asked for after the race): the same client processes and connections, each client
// sending `floor` requests one after another. Without `url`: authenticated GETs of the cheapest
// route of the same instances — the stack's cost per request (balancer, fastify, session lookup,
// JSON answer) without any contract work. With `url`: plain GETs of the bare Node server
// (bare-server.ts) — what any Node HTTP server with one statement a request costs here.
for (;;) {
  const floor: { floor: number; url?: string } = await new Promise((r) => process.once('message', r as any));
  let floorRequests = 0;
  let floorFailed = 0;
  await Promise.all(
    job.clients.map(async (_, k) => {
      const clerk = clerks[k % clerks.length];
      for (let n = 0; n < floor.floor; n++) {
        const status = await (floor.url ? fetch(floor.url) : clerk.get('/api/auth/me')).then(
          async (r) => {
            if (r instanceof Response) await r.arrayBuffer(); // a fetch answer must be read to free its connection
            return r.status;
          },
          () => 0,
        );
        if (status === 200) floorRequests++;
        else floorFailed++;
      }
    }),
  );
  process.send!({ floorRequests, floorFailed });
}
