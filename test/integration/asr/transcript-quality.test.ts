import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/rules/index.ts';
import { createLogger } from '../../../src/logger.ts';
import { buildQualitySet, qualityFigures, runQualitySet, type QualityRun } from '../../../bench/lib/transcript-quality-set.ts';

/*
 * Issue 10 §4: each real recording through an engine that fits it and one that does not (English
 * at 8 kHz or Mandarin through pocketsphinx, English through a whisper model that hears nothing,
 * versus pocketsphinx on wideband English and delivered reference transcripts). Every mismatched run
 * must be flagged under the shipped threshold and no fitting run may be. The full set and its
 * figures: `npx tsx bench/transcript-quality.ts` (docs/benchmarks.md, "Transcript quality").
 */
const logger = createLogger('silent');
const policy = loadPolicy(path.resolve(import.meta.dirname, '../../../rules/policy.yaml'));
let dir: string;
let runs: QualityRun[] = [];
let skipped: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'callguard-quality-set-'));
  ({ runs, skipped } = await buildQualitySet(dir, { small: true }));
  if (skipped.length) console.info(`transcript-quality set: skipped (not installed here): ${skipped.join('; ')}`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('transcript quality on real recordings', () => {
  // pocketsphinx runs at 0.3× real time idle and has run at 20× on a loaded 2-core machine.
  it('flags every run whose engine does not fit the recording, and no run whose engine fits', { timeout: 900_000 }, async () => {
    if (!policy.ok) throw new Error('rules/policy.yaml does not load');
    const threshold = policy.policy.transcript_quality_threshold;
    expect(runs.some((r) => r.fits)).toBe(true);
    const results = await runQualitySet(runs, dir, threshold, logger);
    for (const g of qualityFigures(results)) console.info(`${g.fits ? 'fits ' : 'wrong'} ${g.group}: ${g.flagged}/${g.total} flagged (scores ${g.scores.join(', ')})`);
    const wrong = results
      .filter((r) => r.flagged !== !r.run.fits)
      .map((r) => `${r.run.group} / ${r.run.name}: score ${r.quality.score} (${r.quality.signals.map((s) => `${s.signal}×${s.factor}`).join(', ') || 'no signal'})`);
    expect(wrong).toEqual([]);
    // Each kind of mismatch present here was exercised, not skipped.
    const groups = new Set(results.map((r) => r.run.group));
    expect(groups.has('fixture calls → their delivered transcripts')).toBe(true);
    expect(groups.has('real English → whisper, model without weights') || skipped.length > 0).toBe(true);
  });
});
