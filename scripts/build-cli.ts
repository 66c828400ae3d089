/**
 * `npm run build` (also run by `npm ci` through `prepare`, and by scripts/setup.sh): bundles the CLI
 * into dist/ so `callguard` starts without transpiling TypeScript on every run. One entry
 * (dist/callguard.js) and chunks beside it: each command's subsystems sit behind a dynamic import, so
 * `callguard --help` loads commander and little else. npm packages stay external (loaded from
 * node_modules as they are). dist/build-inputs.json lists the sources, so bin/callguard.js can tell
 * a stale build from a fresh one (scripts/build-freshness.js).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ENTRY = 'src/cli/main.ts';

/**
 * Code that finds files beside its source (the migrations, web/dist) does so from import.meta.url.
 * Bundled, that would be the chunk's address in dist/; every output sits flat in the output folder,
 * so each source's own address is the output folder's address plus a fixed relative path.
 */
function sourceAddressPlugin(outdir: string): Plugin {
  return {
    name: 'source-address',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        let contents = await readFile(args.path, 'utf8');
        if (/\bimport\.meta\.(dirname|filename)\b/.test(contents)) {
          // Node 20.11+ has them, but a bundle would give the chunk's folder: use import.meta.url.
          throw new Error(`${path.relative(ROOT, args.path)}: use import.meta.url, not import.meta.dirname/filename (the CLI is bundled)`);
        }
        if (contents.includes('import.meta.url')) {
          const rel = path.relative(outdir, args.path).split(path.sep).join('/');
          contents = contents.replace(/\bimport\.meta\.url\b/g, `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
        }
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** src/cli/build-id.ts, bundled as the hash of every source (it is null when run from the sources). */
const BUILD_ID_SOURCE = path.join('src', 'cli', 'build-id.ts');

async function sourcesHash(): Promise<string> {
  const h = createHash('sha256');
  const files = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .sort();
  for (const f of files) h.update(f).update('\0').update(await readFile(path.join(ROOT, 'src', f))).update('\0');
  return h.digest('hex').slice(0, 32);
}

function buildIdPlugin(buildId: string): Plugin {
  return {
    name: 'build-id',
    setup(b) {
      b.onLoad({ filter: /build-id\.ts$/ }, (args) =>
        args.path.endsWith(BUILD_ID_SOURCE) ? { contents: `export const BUILD_ID = ${JSON.stringify(buildId)};`, loader: 'ts' } : undefined,
      );
    },
  };
}

export interface CliBuild {
  outdir: string;
  metafile: Metafile;
  /** Sources the bundle was built from, relative to the root. */
  inputs: string[];
}

/**
 * Builds into a fresh folder beside `outdir` and swaps it in, so a `callguard` starting meanwhile
 * finds either the whole old build, the whole new one, or none (and then runs the sources).
 */
export async function buildCli(outdir = path.join(ROOT, 'dist')): Promise<CliBuild> {
  const partial = `${outdir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const startedAt = new Date();
  try {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: { callguard: ENTRY },
      outdir: partial,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      chunkNames: '[name]-[hash]',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
      plugins: [buildIdPlugin(await sourcesHash()), sourceAddressPlugin(outdir)],
    });
    const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/')).sort();
    writeFileSync(path.join(partial, 'build-inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
    // The entry's time is what the sources are compared with: make it the time the build began,
    // so a source saved while the build ran counts as newer than the build.
    utimesSync(path.join(partial, 'callguard.js'), startedAt, startedAt);
    const old = `${outdir}.old-${process.pid}`;
    rmSync(old, { recursive: true, force: true });
    try {
      renameSync(outdir, old);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    renameSync(partial, outdir);
    rmSync(old, { recursive: true, force: true });
    return { outdir, metafile: result.metafile, inputs };
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const { outdir, inputs } = await buildCli();
  process.stderr.write(`callguard: built ${path.relative(ROOT, outdir)}/ from ${inputs.length} sources in ${Math.round(performance.now() - started)} ms\n`);
}
