#!/usr/bin/env node
// Prints the plain closing line CI reads ("tests: N passed, N failed, N skipped") from vitest's
// JSON report, and exits non-zero unless the run succeeded with at least one test.
import { readFileSync } from 'node:fs';

const path = process.argv[2] ?? '.vitest/report.json';
let report;
try {
  report = JSON.parse(readFileSync(path, 'utf8'));
} catch {
  console.error(`test-summary: no vitest report at ${path} (did vitest crash?)`);
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(report.success === true && failed === 0 && passed > 0 ? 0 : 1);
