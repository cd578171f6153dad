// Paths of the project's test fixtures (fixtures/README.md at the repository root: provenance).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES_DIR = process.env.NETSIGN_FIXTURES ?? path.resolve(import.meta.dirname, '../../../../fixtures');

export const FIXTURE = {
  a1: 'faces/person-a-1.jpg',
  a2: 'faces/person-a-2.jpg',
  b1: 'faces/person-b-1.jpg',
  c1: 'faces/person-c-1.jpg',
  idCardA: 'id-card-front-person-a.png',
  passportB: 'passport-person-b.png',
} as const;

export function fixture(name: keyof typeof FIXTURE): Buffer {
  return readFileSync(path.join(FIXTURES_DIR, FIXTURE[name]));
}
