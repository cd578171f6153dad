// `npm run bench -- face-eval [-- --per-scale=2 --seed=1 --dump=/tmp/face-eval]`: the face engine on a
// larger, harder set made from the fixtures (packages/face/src/testing/eval-set.ts): detection
// decisions (one person / none / refused as several), genuine-accept and false-accept rates at the
// configured thresholds, the worst pairs, and how the face-count thresholds trade off.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FaceAnalysis, Thresholds } from '@netsign/face';
import { countFaces } from '@netsign/face/faces';
import { createFaceEngine } from '@netsign/face/node';
import { fixture } from '@netsign/face/testing/fixtures';
import { evalSet, type EvalCase, type Person, type Portrait } from '@netsign/face/testing/eval-set';

const arg = (name: string, def: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def;
const perScale = Number(arg('per-scale', '2'));
const seed = Number(arg('seed', '1'));
const dump = arg('dump', '');
const scales = arg('scales', '') ? arg('scales', '').split(',').map(Number) : undefined;

const engine = await createFaceEngine();
const t: Thresholds = engine.thresholds;
const refs: { name: string; person: Person; face: FaceAnalysis }[] = [];
const portraits: Portrait[] = [];
const people: Record<string, Person> = { a1: 'a', a2: 'a', idCardA: 'a', b1: 'b', passportB: 'b', c1: 'c' };
for (const name of ['a1', 'a2', 'b1', 'c1', 'idCardA', 'passportB'] as const) {
  const f = (await engine.analyze(fixture(name))).faces[0]!;
  refs.push({ name, person: people[name]!, face: f });
  if (!name.startsWith('id') && !name.startsWith('passport'))
    portraits.push({ name, person: people[name]!, image: fixture(name), box: f.box });
}
const passportRef = refs.find((r) => r.name === 'passportB')!;

interface Row {
  c: EvalCase;
  width: number;
  faces: FaceAnalysis[];
  decided: 'one' | 'none' | 'several';
  main?: FaceAnalysis;
  scores: { ref: string; genuine: boolean; samePhoto: boolean; score: number }[];
}
const rows: Row[] = [];
if (dump) mkdirSync(dump, { recursive: true });
const t0 = performance.now();
for await (const c of evalSet(
  portraits,
  { image: fixture('passportB'), box: passportRef.face.box, person: 'b' },
  { seed, perScale, scales },
)) {
  const frame = await engine.analyze(c.image);
  const count = countFaces(frame, t);
  const decided = !count.main ? 'none' : count.others.length ? 'several' : 'one';
  const scores = count.main
    ? refs.map((r) => ({
        ref: r.name,
        genuine: r.person === c.people[0],
        samePhoto: r.name === c.params.portrait || (c.kind === 'passport-ghost' && r.name === 'passportB'),
        score: engine.compare(count.main!.embedding, r.face.embedding),
      }))
    : [];
  rows.push({ c, width: frame.width, faces: frame.faces, decided, main: count.main, scores });
  if (dump) writeFileSync(path.join(dump, `${c.id}.jpg`), c.image);
}
const elapsed = performance.now() - t0;

const pct = (n: number, d: number) => (d ? `${n}/${d} (${((100 * n) / d).toFixed(1)} %)` : '0/0');
console.log(
  `set: ${rows.length} images (seed ${seed}, ${perScale} per portrait and scale), built and analysed in ${(elapsed / 1000).toFixed(1)} s`,
);
console.log(
  `thresholds: match ${t.match}, secondFaceScore ${t.secondFaceScore}, secondFaceShare ${t.secondFaceShare}, secondFaceWidth ${t.secondFaceWidth}, faceMergeOverlap ${t.faceMergeOverlap}`,
);

// detection decisions
console.log('\ndetection decisions (expected: single and passport-ghost → one, two-people → several)');
const byKey = new Map<string, Row[]>();
for (const r of rows) {
  const key = r.c.kind === 'single' ? `single, face ${Math.round(r.c.params.scale * 100)} % of width` : r.c.kind;
  byKey.set(key, [...(byKey.get(key) ?? []), r]);
}
for (const [key, rs] of byKey) {
  const n = (d: string) => rs.filter((r) => r.decided === d).length;
  console.log(`  ${key.padEnd(32)} one ${n('one')}, none ${n('none')}, several ${n('several')}  (of ${rs.length})`);
}
const wrong = rows.filter((r) => (r.c.expectFaces === 1 ? r.decided !== 'one' : r.decided !== 'several'));
for (const r of wrong) {
  console.log(
    `  WRONG ${r.c.id} ${r.c.kind} decided ${r.decided}: ${JSON.stringify(r.c.params)} detections ${r.faces.map((f) => `${f.detectionScore.toFixed(2)}@${Math.round(f.box[2])}px`).join(' ')}`,
  );
}

// every detection that is not the main face, by kind: what the face-count thresholds must separate
console.log('\nsecondary detections (score, area share of the main face, similarity to it)');
for (const kind of ['single', 'two-people', 'passport-ghost'] as const) {
  const sec = rows
    .filter((r) => r.c.kind === kind && r.main)
    .flatMap((r) =>
      r.faces
        .filter((f) => f !== r.main)
        .map((f) => ({
          id: r.c.id,
          score: f.detectionScore,
          share: (f.box[2] * f.box[3]) / (r.main!.box[2] * r.main!.box[3]),
          sim: f.embedding.length ? engine.compare(f.embedding, r.main!.embedding) : 0,
        })),
    );
  const list = sec
    .sort((a, b) => b.score - a.score)
    .slice(0, 12)
    .map((s) => `${s.id} ${s.score.toFixed(2)}/${s.share.toFixed(2)}/${s.sim.toFixed(2)}`);
  console.log(`  ${kind}: ${sec.length}${list.length ? `: ${list.join(', ')}` : ''}`);
}

// face-count thresholds: how many frames each pair of values gets wrong
console.log('\nsecondFaceScore × secondFaceShare: single/ghost frames refused + two-people frames passed as one');
const shares = [0.25, 0.35, 0.4, 0.45, 0.5, 0.65];
console.log(`  score \\ share ${shares.map((s) => String(s).padStart(8)).join('')}`);
for (const sc of [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9]) {
  const cells = shares.map((sh) => {
    const tt = { ...t, secondFaceScore: sc, secondFaceShare: sh };
    let bad = 0;
    for (const r of rows) {
      const c = countFaces({ faces: r.faces, width: r.width }, tt);
      const d = !c.main ? 'none' : c.others.length ? 'several' : 'one';
      if (d !== 'none' && (r.c.expectFaces === 1 ? d !== 'one' : d !== 'several')) bad++;
    }
    return String(bad).padStart(8);
  });
  console.log(`  ${String(sc).padEnd(14)}${cells.join('')}`);
}

// matching: the main face of each decided frame against every clean reference
const decidedRows = rows.filter((r) => r.decided === 'one' && r.c.kind !== 'two-people');
const all = decidedRows.flatMap((r) => r.scores.map((s) => ({ ...s, id: r.c.id, params: r.c.params })));
const genOther = all.filter((s) => s.genuine && !s.samePhoto);
const genSame = all.filter((s) => s.genuine && s.samePhoto);
const impostor = all.filter((s) => !s.genuine);
console.log(
  `\nmatching at match = ${t.match} (${decidedRows.length} frames decided as one person, against ${refs.length} clean references)`,
);
for (const th of [0.5, 0.52, t.match, 0.58, 0.6].filter((v, i, a) => a.indexOf(v) === i).sort()) {
  console.log(
    `  ${th.toFixed(2)}${th === t.match ? '*' : ' '} genuine accept: other photo ${pct(genOther.filter((s) => s.score >= th).length, genOther.length)}, same photo ${pct(genSame.filter((s) => s.score >= th).length, genSame.length)}; false accept ${pct(impostor.filter((s) => s.score >= th).length, impostor.length)}`,
  );
}
const fmt = (s: (typeof all)[number]) =>
  `${s.id}~${s.ref} ${s.score.toFixed(3)} [${s.params.portrait}, ${s.params.background}, face ${Math.round(s.params.scale * 100)} %, rot ${s.params.rotate}°, q${s.params.quality}, exp ${s.params.exposure}${s.params.edge ? ', edge' : ''}${s.params.rephoto ? ', re-photo' : ''}]`;
console.log('worst genuine (other photo):');
for (const s of [...genOther].sort((a, b) => a.score - b.score).slice(0, 5)) console.log(`  ${fmt(s)}`);
console.log('worst genuine (same photo):');
for (const s of [...genSame].sort((a, b) => a.score - b.score).slice(0, 3)) console.log(`  ${fmt(s)}`);
console.log('worst impostor:');
for (const s of [...impostor].sort((a, b) => b.score - a.score).slice(0, 5)) console.log(`  ${fmt(s)}`);
if (dump) console.log(`\nimages written to ${dump}`);
