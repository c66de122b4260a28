// Adds up the JSON reports of vitest and Playwright into "passed failed" for the launcher.
// A report that is missing means its runner crashed: that counts as a failure, not as nothing.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [dir, ...suites] = process.argv.slice(2);
let passed = 0;
let failed = 0;

for (const suite of ['unit', 'integration'].filter((s) => suites.includes(s))) {
  const name = `${suite}.json`;
  const file = path.join(dir, name);
  if (!existsSync(file)) { failed += 1; console.error(`${name}: no report`); continue; }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numTotalTestSuites > 0 && report.success === false && report.numFailedTests === 0 ? 1 : 0);
}

const e2e = path.join(dir, 'e2e.json');
if (!suites.includes('e2e')) { /* not run */ }
else if (!existsSync(e2e)) { failed += 1; console.error('e2e.json: no report'); }
else {
  const { stats, errors } = JSON.parse(readFileSync(e2e, 'utf8'));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected + (errors?.length ?? 0);
}

// The fault-injection test is one test: it passed, or it names what failed.
const faults = path.join(dir, 'faults.json');
if (suites.includes('faults')) {
  if (!existsSync(faults)) { failed += 1; console.error('faults.json: no report'); }
  else if (JSON.parse(readFileSync(faults, 'utf8')).passed) passed += 1;
  else failed += 1;
}

console.log(`${passed} ${failed}`);
