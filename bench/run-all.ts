/**
 * `npm run bench`: runs every bench/*.ts (except this file) one after another, each in its own
 * process so one benchmark's JIT state, caches and garbage do not colour the next one's figures.
 * Output goes straight through; the exit status is non-zero when any benchmark failed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== basename(fileURLToPath(import.meta.url)))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

const failed: string[] = [];
for (const file of benches) {
  console.log(`\n=== bench/${file} ===\n`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed.push(file);
    console.log(`\nbench/${file} failed (exit ${result.status ?? result.signal}) after ${seconds} s`);
  } else console.log(`\nbench/${file}: ${seconds} s`);
}
if (failed.length > 0) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
