import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../src/domain/transcript.ts';
import { planRescan } from '../../../src/pipeline/operations/rescan.ts';
import { PackRefusedError, publishPackFiles } from '../../../src/pipeline/rule-pack-publishing.ts';
import { packContentHash, packFilesIn, RulePackSource } from '../../../src/pipeline/rule-pack-source.ts';
import type { NextJob } from '../../../src/pipeline/stage.ts';
import { ingestStage } from '../../../src/pipeline/stages/ingest-stage.ts';
import { scanStage } from '../../../src/pipeline/stages/scan-stage.ts';
import { triageStage } from '../../../src/pipeline/stages/triage-stage.ts';
import { repositories } from '../../../src/store/index.ts';
import { retrainedRulesDir } from '../../helpers/retrained-model.ts';
import { fixtureMeta, fixtureTranscriptText, stageContext, useStageKit } from './stages/stage-kit.ts';

/**
 * A zh-CN text model retrained and deployed after the pack was published: the new pin makes it a new
 * pack version, so a re-scan scans again, and the pack published before it is refused where workers
 * load packs and where officers publish them.
 */
const root = mkdtempSync(path.join(tmpdir(), 'callguard-model-retrain-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The rules directory with zh-threat.json "retrained" and pinned, as train:models leaves it. */
function retrainedRulesDirIn(): string {
  const dir = path.join(root, 'rules');
  retrainedRulesDir(dir);
  return dir;
}

describe('deploying a retrained text model', () => {
  const kit = useStageKit();
  const author = 'officer@example';
  const MODEL_RULE = 'zh.threat.wording-model';
  /** One of the model rule's own examples: no phrase rule flags it, the model does. */
  const VEILED = '你女儿上学那条路挺偏的吧。';

  async function runJobs(rules: RulePackSource, jobs: readonly NextJob[]): Promise<void> {
    let queue = [...jobs];
    while (queue.length > 0) {
      const job = queue.shift()!;
      const stage = job.name === 'scan' ? scanStage : job.name === 'triage' ? triageStage : null;
      if (!stage) throw new Error(`unexpected job ${job.name}`);
      const outcome = await stage(kit.deps({ rules }), job.payload as never, stageContext());
      queue = [...queue, ...outcome.next];
    }
  }

  it('is a new pack version: a re-scan scans again, the old pack is refused by workers and by publishing', async () => {
    const published = packFilesIn('rules/zh-CN');
    const v1 = (await publishPackFiles(kit.db, 'rules', { language: 'zh-CN', files: published, author, message: 'before the retrain' })).pack.contentHash;

    const meta = await fixtureMeta('zh-compliant', 'mr-zh-veiled');
    const transcript = JSON.parse(await fixtureTranscriptText('zh-compliant', meta)) as { segments: unknown[] };
    transcript.segments.push({ speaker: 'agent', startMs: 29_200, endMs: 29_600, text: VEILED });
    await kit.register({ meta, transcriptText: JSON.stringify(transcript) });
    await ingestStage(kit.deps(), { callId: meta.id }, stageContext());
    const before = new RulePackSource('rules');
    await runJobs(before, [{ name: 'scan', payload: { callId: meta.id } }]);
    const first = (await repositories(kit.db).findings.listByCall(meta.id)).find((f) => f.ruleId === MODEL_RULE);
    expect(first).toMatchObject({ packHash: v1 });
    await repositories(kit.db).findings.setVerdict(first!.id, { verdict: 'confirmed', by: 'qa1' });

    // The deployment's rules directory now holds the retrained model and its pin.
    const rulesDir = retrainedRulesDirIn();
    const v2 = packContentHash(packFilesIn(path.join(rulesDir, 'zh-CN')));
    expect(v2).not.toBe(v1);
    const refusals: Array<{ packHash: string; language: Language; message: string }> = [];
    const after = new RulePackSource(rulesDir, 5_000, (packHash, language, err) => refusals.push({ packHash, language, message: err.message }));

    // The published pack pins the old model: the worker refuses it once and scans with its rules directory.
    const plan = await planRescan(kit.db, after, { since: new Date('2026-01-01T00:00:00Z') });
    expect(plan.packs).toEqual([{ language: 'zh-CN', packHash: v2, calls: 1 }]);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ packHash: v1, language: 'zh-CN' });
    expect(refusals[0]!.message).toMatch(/\(zh\.threat\.wording-model\) model_sha256: the model .*zh-threat\.json is not the one this rule was tested with/);

    // The re-scan is not skipped as done: the model rule's finding is a new one, of the new version, and the verdict on the old model's stays with it.
    await runJobs(after, plan.jobs);
    expect(await repositories(kit.db).stageResults.get(meta.id, 'scan', v2)).not.toBeNull();
    const second = (await repositories(kit.db).findings.listByCall(meta.id)).find((f) => f.ruleId === MODEL_RULE);
    expect(second).toMatchObject({ packHash: v2, verdict: null });
    expect(second!.id).not.toBe(first!.id);

    // The old YAML (a trailing newline apart, so it is not the active version itself) is refused at the
    // pin on this deployment; the pack with the new pins publishes.
    const refused = await publishPackFiles(kit.db, rulesDir, { language: 'zh-CN', files: published.map((f) => ({ ...f, content: `${f.content}\n` })), author, message: 'old pins' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PackRefusedError);
    expect((refused as PackRefusedError).problems.join('\n')).toMatch(/^zh-CN\/threat\.yaml:\d+:\d+: .*model_sha256: the model zh-CN\/models\/zh-threat\.json is not the one/m);
    const republished = await publishPackFiles(kit.db, rulesDir, { language: 'zh-CN', files: packFilesIn(path.join(rulesDir, 'zh-CN')), author, message: 'after the retrain' });
    expect(republished.pack.contentHash).toBe(v2);
    expect(republished.diff.files.map((f) => f.path)).toEqual(['threat.yaml']);
    expect(republished.diff.files[0]!.unified).toMatch(/^\+ {4}model_sha256: [0-9a-f]{64} {2}#/m);
    // The version it replaces no longer loads here (its pin): the rules are compared by their text, and
    // the diff names the one rule whose text changed, not every rule as new.
    expect(republished.diff.rules).toEqual([{ ruleId: MODEL_RULE, change: 'changed', matchingChanged: true }]);
  });
});
