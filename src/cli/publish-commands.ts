import { loadConfig } from '../config.ts';
import type { Language } from '../domain/transcript.ts';
import { createLogger } from '../logger.ts';
import { planRescan } from '../pipeline/operations/rescan.ts';
import { PackRefusedError, PackVersionError, publishPackFiles, rollbackPack } from '../pipeline/rule-pack-publishing.ts';
import { languageDir, packFilesIn } from '../pipeline/rule-pack-source.ts';
import { formatProblem, loadRuleSet } from '../rules/index.ts';
import { openRuntime } from '../runtime.ts';
import { operatorName } from './operator-name.ts';

/**
 * `callguard rules publish DIR -m MESSAGE`, `callguard rules rollback <version|hash>` and
 * `callguard rescan`: the same operations as the review app's Rules page, against DATABASE_URL
 * (or the embedded database). Each is a function of (arguments, output) → exit code.
 * Exit codes: 0 done, 1 refused (the pack does not lint or its examples fail, an unknown version), 2 usage.
 */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export async function publishCommand(dir: string, opts: { message?: string }, io: Output): Promise<number> {
  const message = opts.message?.trim() ?? '';
  if (message === '') {
    io.err('callguard rules publish: -m MESSAGE is required (why the rules change, for the record / 变更说明)');
    return 2;
  }
  // Lint the whole directory first: its problems come out as file:line:col under the names the officer knows.
  const set = loadRuleSet(dir);
  if (!set.ok) {
    for (const p of set.problems) io.out(formatProblem(p));
    io.err(`callguard rules publish: ${set.problems.length} problem(s) in ${dir}; nothing published / 规则有误，未发布`);
    return 1;
  }
  if (set.loaded.size === 0) {
    io.err(`callguard rules publish: ${dir} holds no rule pack; nothing published`);
    return 1;
  }
  const config = loadConfig();
  const runtime = await openRuntime(config, createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn'));
  let code = 0;
  try {
    for (const language of set.loaded.keys()) {
      const files = packFilesIn(languageDir(dir, language));
      try {
        const r = await publishPackFiles(runtime.deps.db, config.CALLGUARD_RULES_DIR, { language, files, author: operatorName(), message });
        io.out(`${language}: published version ${r.pack.id} (${r.pack.contentHash.slice(0, 12)}), ${r.pack.ruleCount} rules`);
        for (const c of r.diff.rules) io.out(`  ${c.change.padEnd(7)} ${c.ruleId}${c.change === 'changed' && !c.matchingChanged ? ' (wording only: verdicts carry over on re-scan)' : ''}`);
        if (r.diff.rules.length === 0) io.out('  no rule changed (files differ in comments, order or examples only)');
      } catch (err) {
        if (err instanceof PackVersionError) {
          io.out(`${language}: ${err.message}; nothing to publish`);
        } else if (err instanceof PackRefusedError) {
          for (const p of err.problems) io.out(p);
          io.err(`${language}: refused: ${err.problems.length} problem(s); nothing published`);
          code = 1;
        } else throw err;
      }
    }
  } finally {
    await runtime.close();
  }
  return code;
}

export async function rollbackCommand(ref: string, opts: { message?: string }, io: Output): Promise<number> {
  const config = loadConfig();
  const runtime = await openRuntime(config, createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn'));
  try {
    const pack = await rollbackPack(runtime.deps.db, config.CALLGUARD_RULES_DIR, { ref, actor: operatorName(), message: opts.message?.trim() || `rollback to ${ref}` });
    io.out(`${pack.language}: version ${pack.id} (${pack.contentHash.slice(0, 12)}) is active again; workers reload it now`);
    return 0;
  } catch (err) {
    if (err instanceof PackVersionError || err instanceof PackRefusedError) {
      io.err(`callguard rules rollback: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await runtime.close();
  }
}

export interface RescanOptions {
  since: string;
  until?: string;
  bank?: string;
  language?: string;
}

export async function rescanCommand(opts: RescanOptions, io: Output): Promise<number> {
  const since = parseDate(opts.since);
  const until = opts.until === undefined ? undefined : parseDate(opts.until);
  if (!since || (opts.until !== undefined && !until)) {
    io.err('callguard rescan: --since and --until take a date (2026-11-01) or a time with its offset (2026-11-01T08:00:00+08:00)');
    return 2;
  }
  if (opts.language !== undefined && opts.language !== 'zh-CN' && opts.language !== 'en-US') {
    io.err('callguard rescan: --language is zh-CN or en-US');
    return 2;
  }
  const config = loadConfig();
  const runtime = await openRuntime(config, createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn'));
  try {
    const deps = await runtime.stageDeps();
    const plan = await planRescan(runtime.deps.db, deps.rules, {
      since, ...(until ? { until } : {}), ...(opts.bank ? { bank: opts.bank } : {}), ...(opts.language ? { language: opts.language as Language } : {}),
    });
    await runtime.dispatch(plan.jobs);
    for (const p of plan.packs) io.out(`${p.language}: ${p.calls} call(s) with version ${p.packHash.slice(0, 12)}`);
    io.out(`${plan.jobs.length} call(s) ${runtime.transport === 'queue' ? 'queued for re-scan' : 're-scanned'}`);
    return 0;
  } finally {
    await runtime.close();
  }
}

/** A date alone is that day's start in UTC; a time must carry its offset. */
function parseDate(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text)) return undefined;
  const d = new Date(/T/.test(text) ? text : `${text}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
