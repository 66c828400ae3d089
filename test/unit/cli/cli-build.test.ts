import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, type CliBuild } from '../../../scripts/build-cli.ts';

/*
 * The compiled CLI (npm run build): built here into a temporary folder with a node_modules link
 * beside it, so the output runs exactly as dist/ does, without touching the checkout's dist/.
 */
let tmp: string;
let built: CliBuild;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'callguard-cli-build-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
  built = await buildCli(path.join(tmp, 'dist'));
}, 120_000);
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const run = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(built.outdir, 'callguard.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

/** Packages reached from `output` through static imports only: what loads before any command runs. */
function staticPackages(output: string): Set<string> {
  const outputs = built.metafile.outputs;
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of outputs[file]?.imports ?? []) {
      if (imp.kind !== 'import-statement') continue;
      if (imp.external) packages.add(imp.path);
      else visit(imp.path);
    }
  };
  visit(output);
  return packages;
}

describe('the compiled CLI', () => {
  it('loads only commander (and Node built-ins) before a command runs; each command group is its own chunk', () => {
    const entry = Object.keys(built.metafile.outputs).find((f) => f.endsWith('/callguard.js'))!;
    const packages = [...staticPackages(entry)].filter((p) => !p.startsWith('node:'));
    expect(packages).toEqual(['commander']);
    const lazy = built.metafile.outputs[entry]!.imports.filter((i) => i.kind === 'dynamic-import').map((i) => path.basename(i.path).replace(/-[A-Z0-9]+\.js$/, ''));
    expect(new Set(lazy)).toEqual(new Set([
      'rules-commands', 'probe-command', 'transcribe-command', 'pipeline-commands', 'server-commands', 'db-commands', 'audit-commands',
      'publish-commands', 'retention-commands', 'qa-commands', 'backtest-command', 'bundle-commands',
    ]));
    // The heavy subsystems are reached, but only behind those dynamic imports.
    const all = new Set(Object.values(built.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
    for (const heavy of ['pg', 'bullmq', 'fastify', 'yaml', 'zod']) expect(all).toContain(heavy);
  });

  it('prints help and the version from package.json', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: callguard/);
    expect(help.stdout).toMatch(/-V, --version/);
    const version = run('--version');
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('runs a lazily loaded command, and an unknown command is a usage error (exit 2)', () => {
    const lint = run('rules', 'lint', 'rules');
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(0);
    expect(lint.stdout).toMatch(/^ok — en-US: \d+ rules/);
    const unknown = run('no-such-command');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'no-such-command'/);
  });

  it('a compiled scan caches its loaded pack under a build id, and a second start reads it back', () => {
    const cacheDir = mkdtempSync(path.join(tmp, 'cache-'));
    const scan = () =>
      spawnSync(process.execPath, [path.join(built.outdir, 'callguard.js'), 'scan', '--format', 'jsonl', 'fixtures/transcripts/en-violation.json'], {
        cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CALLGUARD_CACHE_DIR: cacheDir },
      });
    const first = scan();
    expect(first.stderr).toBe('');
    const cached = readdirSync(path.join(cacheDir, 'packs'));
    expect(cached).toHaveLength(1);
    const second = scan();
    expect(second.status).toBe(first.status);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stdout.trim().split('\n').length).toBeGreaterThan(0);
    expect(readdirSync(path.join(cacheDir, 'packs'))).toEqual(cached);
  });

  it('every chunk links under plain Node (named imports of CommonJS packages included)', () => {
    const chunks = readdirSync(built.outdir).filter((f) => f.endsWith('.js') && f !== 'callguard.js');
    const script = chunks.map((f) => `await import(${JSON.stringify(pathToFileURL(path.join(built.outdir, f)).href)});`).join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('keeps each source file finding its neighbours: import.meta.url is the source\'s address, not the chunk\'s', () => {
    const code = readdirSync(built.outdir).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(built.outdir, f), 'utf8')).join('\n');
    const rel = path.relative(built.outdir, path.join(ROOT, 'src/store/migrate.ts')).split(path.sep).join('/');
    expect(code).toContain(`new URL(${JSON.stringify(rel)}, import.meta.url).href`);
    // No bare import.meta.url is left: each one names its source.
    expect(code.match(/import\.meta\.url/g)!.length).toBe(code.match(/new URL\("[^"]+\.ts", import\.meta\.url\)\.href/g)!.length);
  });

  it('lists the sources it was built from, relative to the root, for the freshness check', () => {
    expect(built.inputs).toContain('src/cli/main.ts');
    expect(built.inputs).toContain('src/store/migrate.ts');
    expect(built.inputs.every((f) => !path.isAbsolute(f) && !f.startsWith('node_modules/'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(built.outdir, 'build-inputs.json'), 'utf8'))).toEqual(built.inputs);
  });
});
