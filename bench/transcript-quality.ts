/**
 * Transcript quality on real recordings:  npx tsx bench/transcript-quality.ts [--small]
 *
 * Each real recording run through an engine that fits it and one that does not (bench/lib/
 * transcript-quality-set.ts): how many runs of each group the estimate flags under the threshold of
 * rules/policy.yaml. A fitting group should show 0 flagged, a mismatched one all. Prints Markdown for
 * docs/benchmarks.md ("Transcript quality"), then one line per run with its score and signals; exits 1
 * when any run was misjudged.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../src/logger.ts';
import { loadPolicy } from '../src/rules/index.ts';
import { buildQualitySet, qualityFigures, runQualitySet } from './lib/transcript-quality-set.ts';

const policy = loadPolicy(path.resolve(import.meta.dirname, '../rules/policy.yaml'));
if (!policy.ok) throw new Error('rules/policy.yaml does not load');
const threshold = policy.policy.transcript_quality_threshold;
const dir = await mkdtemp(path.join(os.tmpdir(), 'callguard-quality-bench-'));
try {
  const { runs, skipped } = await buildQualitySet(dir, { small: process.argv.includes('--small') });
  if (skipped.length) console.log(`Skipped (not installed here): ${skipped.join('; ')}\n`);
  const results = await runQualitySet(runs, dir, threshold, createLogger('silent'));
  console.log(`Threshold ${threshold} (rules/policy.yaml transcript_quality_threshold).\n`);
  console.log('| group | engine fits? | flagged / total | scores |');
  console.log('|---|---|---:|---|');
  for (const g of qualityFigures(results)) {
    console.log(`| ${g.group} | ${g.fits ? 'yes' : 'no'} | ${g.flagged} / ${g.total} | ${g.scores.map((s) => s.toFixed(2)).join(', ')} |`);
  }
  const fit = results.filter((r) => r.run.fits);
  const misfit = results.filter((r) => !r.run.fits);
  console.log(`\nFitting runs flagged: ${fit.filter((r) => r.flagged).length} / ${fit.length}; mismatched runs flagged: ${misfit.filter((r) => r.flagged).length} / ${misfit.length}.`);
  console.log(`Mismatched runs that would be flagged without the narrowband signal: ${misfit.filter((r) => r.quality.score / (r.quality.signals.find((s) => s.signal === 'narrowband_audio')?.factor ?? 1) < threshold).length} / ${misfit.length}.\n`);
  // A misjudged run is a failure of the estimate, not only a figure: the exit status says so.
  if (results.some((r) => r.flagged === r.run.fits)) process.exitCode = 1;
  for (const r of results) {
    console.log(`${r.flagged ? 'FLAGGED' : 'ok     '} ${r.quality.score.toFixed(3)}  ${r.run.group} / ${r.run.name} (${r.tokens} tokens): ${r.quality.signals.map((s) => `${s.signal}${s.speaker ? `[${s.speaker}]` : ''}=${s.value} ×${s.factor}`).join(', ') || '-'}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
