// `npx tsx bench/face.bench.ts` (or `npm run bench -- face`): model load time, per-frame decision
// time on the server (median over camera-sized JPEG frames), and same/different-person scores on
// the fixtures. Target: under 200 ms a frame on 2 cores.
import os from 'node:os';
import { judgeLiveness } from '@netsign/face';
import { createFaceEngine } from '@netsign/face/node';
import { createFacePool } from '@netsign/face/pool';
import { fixture } from '@netsign/face/testing/fixtures';
import { synthesizeChallenge } from '@netsign/face/testing/synthesize-challenge';

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const engine = await createFaceEngine();
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, backend ${engine.info.backend}`,
);
console.log(
  `model load (init + 6 models + warm-up): ${engine.loadMs.toFixed(0)} ms (createFaceEngine returned after ${(performance.now() - t0).toFixed(0)} ms)`,
);
const rssLoaded = process.memoryUsage().rss;

// frames as the server receives them: 640×480 JPEG from the browser
const frames = [
  ...(await synthesizeChallenge(engine, fixture('a1'), 'turn-left', { frames: 12 })),
  ...(await synthesizeChallenge(engine, fixture('b1'), 'blink', { frames: 12 })),
];
const perFrame: number[] = [];
const analysed = [];
for (const f of frames) {
  const s = performance.now();
  analysed.push(await engine.analyze(f)); // decode + detect + mesh + iris + descriptor + anti-spoof + liveness + hash
  perFrame.push(performance.now() - s);
}
const js = performance.now();
const decision = judgeLiveness('turn-left', analysed.slice(0, 12), engine.thresholds);
const judgeMs = performance.now() - js;
console.log(
  `per-frame decision (decode + analyse), ${perFrame.length} frames of 640×480 JPEG: median ${pct(perFrame, 0.5).toFixed(0)} ms, p90 ${pct(perFrame, 0.9).toFixed(0)} ms, max ${Math.max(...perFrame).toFixed(0)} ms`,
);
console.log(
  `judgeLiveness over 12 analysed frames: ${judgeMs.toFixed(2)} ms (${decision.passed ? 'passed' : `failed: ${decision.failures.join(', ')}`})`,
);
console.log(`a 12-frame challenge end to end: ~${((pct(perFrame, 0.5) * 12) / 1000).toFixed(1)} s of server time`);

// the server's path: the same frames through the worker pool (one request's frames admitted
// together), while the main thread keeps answering (simulated: a JSON round trip every ms)
{
  const pool = await createFacePool();
  await pool.analyze(frames[0]!); // warm
  let answered = 0;
  const busy = setInterval(() => {
    JSON.parse(JSON.stringify({ ok: true, n: answered++ }));
  }, 1);
  const t1 = performance.now();
  const res = await pool.analyzeAll(frames);
  const wall = performance.now() - t1;
  clearInterval(busy);
  const ms = res.map((r) => r.ms);
  console.log(
    `pool (${pool.size} worker thread${pool.size > 1 ? 's' : ''}), ${res.length} frames: per-frame median ${pct(ms, 0.5).toFixed(0)} ms, p90 ${pct(ms, 0.9).toFixed(0)} ms (in the worker); ${(wall / res.length).toFixed(0)} ms a frame wall-clock; main thread answered ${answered} ticks meanwhile (quiet figure above: in-process)`,
  );
  await pool.close();
}

const names = ['a1', 'a2', 'idCardA', 'b1', 'passportB', 'c1'] as const;
const emb: Record<string, number[]> = {};
for (const n of names) emb[n] = (await engine.analyze(fixture(n))).faces[0]!.embedding;
const person = (n: string) =>
  n.startsWith('a') || n === 'idCardA' ? 'a' : n === 'b1' || n === 'passportB' ? 'b' : 'c';
const same: string[] = [];
const diff: string[] = [];
for (let i = 0; i < names.length; i++) {
  for (let j = i + 1; j < names.length; j++) {
    const s = engine.compare(emb[names[i]!]!, emb[names[j]!]!);
    (person(names[i]!) === person(names[j]!) ? same : diff).push(`${names[i]}~${names[j]} ${s.toFixed(3)}`);
  }
}
console.log(`match threshold ${engine.thresholds.match}`);
console.log(`same person:      ${same.join(', ')}`);
console.log(`different person: ${diff.join(', ')}`);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
console.log(
  `memory (rss): ${mb(rss0)} before load, ${mb(rssLoaded)} after load, ${mb(process.memoryUsage().rss)} after ${perFrame.length + names.length} frames`,
);
