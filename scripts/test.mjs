#!/usr/bin/env node
// `npm test`: every test on the embedded PGlite, then the database-backed tests again on
// PostgreSQL when DATABASE_URL is set. Ends with one plain summary line that CI reads.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { ensureTools } from './tools.mjs';

const tools = ensureTools();
if (!tools.ok) {
  console.error(
    `\nThe tests need outside tools that are not installed. Run:\n\n  ${tools.cmd}\n\nthen npm test again.`,
  );
  process.exit(1);
}

const extra = process.argv.slice(2);
// The browser tests run after the others, one file at a time: a face check takes a minute or more
// when the two cores are also busy with other test files.
const pglite = { ...process.env, DATABASE_URL: '' };
const runs = [
  { label: 'PGlite', env: pglite, filter: ['--exclude', 'e2e/**'] },
  { label: 'PGlite, browser tests', env: pglite, filter: ['e2e/', '--maxWorkers=1'] },
];
if (process.env.DATABASE_URL) {
  runs.push({ label: 'PostgreSQL', env: { ...process.env, NETSIGN_TEST_PG: '1' }, filter: ['apps/server'] });
}

let passed = 0;
let failed = 0;
let exit = 0;
// CI shows only the end of the output: name every failed test there, with its first message line.
const failures = [];
for (const run of runs) {
  const out = `.vitest-results.json`;
  rmSync(out, { force: true });
  console.log(`\n=== tests on ${run.label} ===`);
  const r = spawnSync(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...run.filter, ...extra],
    { stdio: 'inherit', env: run.env },
  );
  try {
    const json = JSON.parse(readFileSync(out, 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests;
    for (const file of json.testResults ?? []) {
      const name = file.name.replace(`${process.cwd()}/`, '');
      const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
      if (file.status === 'failed' && failedTests.length === 0)
        failures.push(`${run.label}: ${name}: ${firstLine(file.message)}`);
      for (const t of failedTests)
        failures.push(
          `${run.label}: ${name} > ${t.fullName} (${Math.round((t.duration ?? 0) / 1000)} s): ${firstLine(t.failureMessages?.[0])}`,
        );
    }
    if (json.numFailedTests === 0 && json.numPassedTests === 0) exit = 1;
  } catch {
    failed += 1; // the runner died before writing its report
    failures.push(`${run.label}: the runner died before writing its report`);
  }
  if (r.status !== 0) exit = r.status ?? 1;
}
if (failures.length > 0) console.log(`\nfailed:\n${failures.map((f) => `  ✗ ${f}`).join('\n')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(exit);

function firstLine(text) {
  const line =
    String(text ?? '')
      .split('\n')
      .find((l) => l.trim() !== '') ?? '';
  // vitest's JSON report has only a placeholder where a timeout's message was
  return line === 'Error: STACK_TRACE_ERROR' ? 'timed out, or an error without a message (see above)' : line;
}
