// Whether the built CLI (dist/) and the built review app (web/dist/) are as new as what they were
// built from. Plain JavaScript with no dependencies: bin/callguard.js asks it on every start (a
// stale build must never run in place of edited sources) and scripts/setup.sh asks it before
// rebuilding, so a set-up that is already done stays fast.
//   node scripts/build-freshness.js cli|web   → exit 0 fresh, 1 missing or stale
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The CLI entry the build writes, and the list of sources (relative to the root) it was built from. */
export const CLI_ENTRY = 'dist/callguard.js';
export const CLI_INPUTS = 'dist/build-inputs.json';

function mtime(file) {
  return statSync(file).mtimeMs;
}

/**
 * dist/ is fresh when every source it was built from still exists and is not newer than the build.
 * A new source file only matters once an existing one imports it, and that one is then newer.
 */
export function cliBuildIsFresh(root = ROOT) {
  try {
    const builtAt = mtime(path.join(root, CLI_ENTRY));
    const inputs = JSON.parse(readFileSync(path.join(root, CLI_INPUTS), 'utf8'));
    return inputs.length > 0 && inputs.every((f) => mtime(path.join(root, f)) <= builtAt);
  } catch {
    return false; // no build, a build from before the inputs list, or a source since deleted
  }
}

function newestUnder(dir, skip) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (skip.includes(p)) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(p, skip) : mtime(p));
  }
  return newest;
}

/** web/dist/ is fresh when its index.html is not older than any file of web/ or the lock file. */
export function webBuildIsFresh(root = ROOT) {
  try {
    const builtAt = mtime(path.join(root, 'web/dist/index.html'));
    const web = path.join(root, 'web');
    const newest = Math.max(newestUnder(web, [path.join(web, 'dist'), path.join(web, 'node_modules')]), mtime(path.join(root, 'package-lock.json')));
    return newest <= builtAt;
  } catch {
    return false;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const which = process.argv[2];
  if (which !== 'cli' && which !== 'web') {
    process.stderr.write('usage: node scripts/build-freshness.js cli|web\n');
    process.exit(2);
  }
  process.exit((which === 'cli' ? cliBuildIsFresh() : webBuildIsFresh()) ? 0 : 1);
}
