// Measures same-person and different-person similarity on the fixtures and their augmentations,
// prints the table docs/FACE.md quotes, and writes every score to a JSON file for inspection.
// Usage: npx tsx packages/face/scripts/measure-thresholds.ts [out.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createFaceEngine } from '../src/node';
import { augment } from '../src/testing/augment';
import { FIXTURES_DIR } from '../src/testing/fixtures';

const FIX = FIXTURES_DIR;
const SOURCES = [
  { id: 'a1', person: 'a', photo: 'a-1', file: 'faces/person-a-1.jpg' },
  { id: 'a2', person: 'a', photo: 'a-2', file: 'faces/person-a-2.jpg' },
  { id: 'id-card', person: 'a', photo: 'a-2', file: 'id-card-front-person-a.png' },
  { id: 'b1', person: 'b', photo: 'b-1', file: 'faces/person-b-1.jpg' },
  { id: 'passport', person: 'b', photo: 'b-1', file: 'passport-person-b.png' },
  { id: 'c1', person: 'c', photo: 'c-1', file: 'faces/person-c-1.jpg' },
];

const engine = await createFaceEngine();
interface Sample {
  source: string;
  person: string;
  photo: string;
  variant: string;
  embedding: number[];
  antispoof: number;
  liveness: number;
}
const samples: Sample[] = [];
const misses: string[] = [];
for (const src of SOURCES) {
  const bytes = readFileSync(path.join(FIX, src.file));
  const first = await engine.analyze(bytes);
  const face = first.faces[0];
  if (!face) throw new Error(`no face in ${src.file}`);
  for (const v of await augment(bytes, face.box)) {
    const r = await engine.analyze(v.image);
    if (r.faces.length !== 1) {
      misses.push(`${src.id}/${v.name}: ${r.faces.length} faces`);
      continue;
    }
    const f = r.faces[0]!;
    samples.push({
      source: src.id,
      person: src.person,
      photo: src.photo,
      variant: v.name,
      embedding: f.embedding,
      antispoof: f.antispoof,
      liveness: f.liveness,
    });
  }
}

type Kind = 'same photo (augmented)' | 'same person, other photo' | 'different person';
const scores: Record<Kind, { s: number; pair: string }[]> = {
  'same photo (augmented)': [],
  'same person, other photo': [],
  'different person': [],
};
for (let i = 0; i < samples.length; i++) {
  for (let j = i + 1; j < samples.length; j++) {
    const a = samples[i]!;
    const b = samples[j]!;
    const kind: Kind =
      a.person !== b.person
        ? 'different person'
        : a.photo === b.photo
          ? 'same photo (augmented)'
          : 'same person, other photo';
    scores[kind].push({
      s: engine.compare(a.embedding, b.embedding),
      pair: `${a.source}/${a.variant} ~ ${b.source}/${b.variant}`,
    });
  }
}

// Human's own demo database: 1024-float faceres descriptors of 36 named people (other photos).
const require = createRequire(import.meta.url);
const db = JSON.parse(
  readFileSync(
    path.resolve(path.dirname(require.resolve('@vladmandic/human')), '../demo/facematch/faces.json'),
    'utf8',
  ),
) as { name: string; embedding: number[] }[];
const dbScores: Record<'same' | 'different', number[]> = { same: [], different: [] };
for (let i = 0; i < db.length; i++)
  for (let j = i + 1; j < db.length; j++)
    (db[i]!.name === db[j]!.name ? dbScores.same : dbScores.different).push(
      engine.compare(db[i]!.embedding, db[j]!.embedding),
    );

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))] ?? NaN;
};
const row = (name: string, xs: number[]) =>
  `| ${name} | ${xs.length} | ${q(xs, 0).toFixed(3)} | ${q(xs, 0.05).toFixed(3)} | ${q(xs, 0.5).toFixed(3)} | ${q(xs, 0.95).toFixed(3)} | ${q(xs, 1).toFixed(3)} |`;
console.log('| pairs | n | min | p5 | median | p95 | max |\n| --- | --- | --- | --- | --- | --- | --- |');
for (const [k, v] of Object.entries(scores))
  console.log(
    row(
      k,
      v.map((x) => x.s),
    ),
  );
console.log(row('Human demo DB, same person', dbScores.same));
console.log(row('Human demo DB, different person', dbScores.different));
console.log(
  '\n| threshold | same person, other photo: rejected | same photo: rejected | different person: accepted |\n| --- | --- | --- | --- |',
);
const rate = (xs: number[], f: (x: number) => boolean) =>
  `${xs.filter(f).length}/${xs.length} (${((100 * xs.filter(f).length) / xs.length).toFixed(1)} %)`;
for (const t of [0.45, 0.5, 0.52, 0.55, 0.58, 0.6]) {
  const other = scores['same person, other photo'].map((x) => x.s);
  const same = scores['same photo (augmented)'].map((x) => x.s);
  const diff = scores['different person'].map((x) => x.s);
  console.log(
    `| ${t.toFixed(2)} | ${rate(other, (x) => x < t)} | ${rate(same, (x) => x < t)} | ${rate(diff, (x) => x >= t)} |`,
  );
}
const originals = samples.filter((s) => s.variant === 'original');
console.log('\noriginals:');
for (const a of originals)
  console.log(
    `${a.source}: ${originals
      .filter((b) => b !== a)
      .map((b) => `${b.source} ${engine.compare(a.embedding, b.embedding).toFixed(3)}`)
      .join(', ')}`,
  );
const pick = (k: Kind, best: boolean) =>
  [...scores[k]]
    .sort((x, y) => (best ? y.s - x.s : x.s - y.s))
    .slice(0, 5)
    .map((x) => `${x.s.toFixed(3)} ${x.pair}`);
console.log('\nlowest same-person (other photo):', pick('same person, other photo', false));
console.log('lowest same-photo:', pick('same photo (augmented)', false));
console.log('highest different-person:', pick('different person', true));
const as = samples.map((s) => s.antispoof);
const lv = samples.map((s) => s.liveness);
console.log(
  `\nantispoof over ${as.length} samples: min ${q(as, 0).toFixed(2)} p5 ${q(as, 0.05).toFixed(2)} median ${q(as, 0.5).toFixed(2)}`,
);
console.log(
  `liveness over ${lv.length} samples: min ${q(lv, 0).toFixed(2)} p5 ${q(lv, 0.05).toFixed(2)} median ${q(lv, 0.5).toFixed(2)}`,
);
console.log(
  'low antispoof/liveness:',
  samples
    .filter((s) => s.antispoof < 0.5 || s.liveness < 0.5)
    .map((s) => `${s.source}/${s.variant} ${s.antispoof.toFixed(2)}/${s.liveness.toFixed(2)}`),
);
if (misses.length) console.log('\nnot exactly one face:', misses);
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify({ samples, scores, dbScores }, null, 1));
engine.dispose();
