#!/usr/bin/env node
// Runs the compiled CLI in dist/ (`npm run build`; `npm ci` builds it through `prepare`, and so does
// scripts/setup.sh) when it is as new as every source it was built from. Otherwise — no build yet, or
// sources edited since — it runs the TypeScript sources through tsx's loader: slower to start (the
// whole command is transpiled on each run) but never stale. docs/benchmarks.md, "CLI start-up".
import { cliBuildIsFresh } from '../scripts/build-freshness.js';

if (cliBuildIsFresh()) {
  await import('../dist/callguard.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
