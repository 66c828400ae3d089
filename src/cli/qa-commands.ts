import path from 'node:path';
import { loadConfig } from '../config.ts';
import { isWeekStart } from '../domain/qa-sampling.ts';
import { lastCompleteWeekStart } from '../domain/week.ts';
import { drawWeekSample } from '../pipeline/operations/qa-sample-draw.ts';
import { loadPolicy } from '../rules/index.ts';
import { getWeekTimeZone, migrate, openDatabase } from '../store/index.ts';

/**
 * `callguard qa sample [--week YYYY-MM-DD] [--seed s]`: draws a week's QA sample of unflagged calls
 * now, with rules/policy.yaml's qa_sampling settings (the workers draw the last complete week by
 * themselves). A week already drawn is reported, not drawn again. Run by $USER, recorded as cli:$USER.
 */
export async function qaSampleCommand(opts: { week?: string; seed?: string }): Promise<void> {
  const config = loadConfig();
  const now = new Date();
  if (opts.week !== undefined && !isWeekStart(opts.week)) {
    process.stderr.write(`--week ${opts.week}: give the Monday of the week as YYYY-MM-DD\n`);
    process.exitCode = 2;
    return;
  }
  const policy = loadPolicy(path.join(config.CALLGUARD_RULES_DIR, 'policy.yaml'));
  if (!policy.ok) {
    for (const p of policy.problems) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
    process.exitCode = 1;
    return;
  }
  const db = await openDatabase(config);
  try {
    await migrate(db);
    // By default the last week that has ended in the deployment's week time zone.
    const weekStart = opts.week ?? lastCompleteWeekStart(now, await getWeekTimeZone(db));
    const { percent, minimum } = policy.policy.qa_sampling;
    const by = `cli:${process.env.USER ?? 'unknown'}`;
    const r = await drawWeekSample(db, { weekStart, settings: { percent, minimum }, seed: opts.seed, by, now });
    const d = r.draw;
    const head = r.drawn ? 'drew' : `already drawn by ${d.drawnBy} at ${d.drawnAt.toISOString()}:`;
    process.stdout.write(
      `${head} week of ${d.weekStart}: ${d.sampled} of ${d.candidates} unflagged calls (${d.percent} %, at least ${d.minimum} per agent, seed ${d.seed})\n` +
      `${d.weekStart} 周抽检：${d.candidates} 通未标记通话中抽取 ${d.sampled} 通\n`,
    );
    for (const id of r.callIds) process.stdout.write(`${id}\n`);
  } finally {
    await db.close();
  }
}
