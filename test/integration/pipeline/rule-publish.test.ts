import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planRescan } from '../../../src/pipeline/operations/rescan.ts';
import { PackRefusedError, PackVersionError, publishPackFiles, rollbackPack } from '../../../src/pipeline/rule-pack-publishing.ts';
import { packFilesIn, RulePackSource } from '../../../src/pipeline/rule-pack-source.ts';
import { ingestStage } from '../../../src/pipeline/stages/ingest-stage.ts';
import { scanStage } from '../../../src/pipeline/stages/scan-stage.ts';
import { triageStage } from '../../../src/pipeline/stages/triage-stage.ts';
import type { NextJob } from '../../../src/pipeline/stage.ts';
import { repositories, RulePacksRepository, type RulePackFile } from '../../../src/store/index.ts';
import { runCliProcess } from './pipeline-helpers.ts';
import { fixtureMeta, fixtureTranscriptText, stageContext, useStageKit } from './stages/stage-kit.ts';

const ORIGINAL = packFilesIn('rules/en-US');
const ABUSE = ORIGINAL.find((f) => f.path === 'abuse.yaml')!;

/** The shipped en-US pack with abuse.yaml edited. */
function withAbuse(edit: (text: string) => string): RulePackFile[] {
  const text = edit(ABUSE.content);
  if (text === ABUSE.content) throw new Error('the edit changed nothing: the shipped abuse.yaml no longer reads as this test expects');
  return ORIGINAL.map((f) => (f.path === 'abuse.yaml' ? { path: f.path, content: text } : f));
}

const reworded = (t: string) => t.replace('en-US: Insulting or demeaning the borrower', 'en-US: Insulting or demeaning the borrower (name-calling)');
/** A phrase the compliant fixture's agent says: the insult rule now flags that call. */
const widened = (t: string) => reworded(t).replace('            - freeloaders\n', '            - freeloaders\n            - credit card account\n');
const broken = (t: string) => t.replace(/( {2}- id: en\.abuse\.insult\n)/, '$1    colour: red\n');

describe('publishing rule packs, rolling back and re-scanning', () => {
  const kit = useStageKit();
  const author = 'officer@example';

  /** Every job a re-scan queues, run here as the workers would (scan, then the triage it asks for). */
  async function runJobs(jobs: readonly NextJob[]): Promise<void> {
    const deps = kit.deps();
    let queue = [...jobs];
    while (queue.length > 0) {
      const job = queue.shift()!;
      const stage = job.name === 'scan' ? scanStage : job.name === 'triage' ? triageStage : null;
      if (!stage) throw new Error(`unexpected job ${job.name}`);
      const outcome = await stage(deps, job.payload as never, stageContext());
      queue = [...queue, ...outcome.next];
    }
  }

  async function rescan(): Promise<void> {
    const plan = await planRescan(kit.db, new RulePackSource('rules'), { since: new Date('2026-01-01T00:00:00Z') });
    await runJobs(plan.jobs);
  }

  const findingsOf = (id: string) => repositories(kit.db).findings.listByCall(id);
  const allFindingsOf = async (id: string) => (await kit.db.query<{ id: number; rule_id: string; superseded_at: Date | null; verdict: string | null; verdict_carried_from: number | null }>(
    'SELECT id, rule_id, superseded_at, verdict, verdict_carried_from FROM findings WHERE call_id = $1 ORDER BY id', [id])).rows;
  const caseCount = async () => (await kit.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases')).rows[0]!.n;

  it('refuses a pack that does not lint, naming file:line:col, and stores nothing', async () => {
    const err = await publishPackFiles(kit.db, 'rules', { language: 'en-US', files: withAbuse(broken), author, message: 'typo' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PackRefusedError);
    expect((err as PackRefusedError).problems.join('\n')).toMatch(/^en-US\/abuse\.yaml:\d+:\d+: .*colour/m);
    expect(await new RulePacksRepository(kit.db).list()).toEqual([]);
  });

  it('refuses a pack whose examples fail', async () => {
    // Without its phrase, the insult rule no longer matches its own "deadbeat" examples.
    const files = withAbuse((t) => t.replace('            - deadbeat\n', ''));
    const err = await publishPackFiles(kit.db, 'rules', { language: 'en-US', files, author, message: 'drop deadbeat' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PackRefusedError);
    expect((err as PackRefusedError).problems[0]).toMatch(/^en-US\/abuse\.yaml:\d+:\d+: /);
    expect(await new RulePacksRepository(kit.db).list()).toEqual([]);
  });

  let v1 = '';
  it('publishes a pack as a version with its author, message and history, and audits it', async () => {
    const r = await publishPackFiles(kit.db, 'rules', { language: 'en-US', files: ORIGINAL, author, message: 'first published pack' });
    v1 = r.pack.contentHash;
    expect(r.previousHash).toBeNull();
    expect(r.diff.rules.every((c) => c.change === 'added')).toBe(true);
    const repo = new RulePacksRepository(kit.db);
    expect((await repo.getActive('en-US'))?.contentHash).toBe(v1);
    expect(await repo.listActivations('en-US')).toMatchObject([{ action: 'publish', actor: author, message: 'first published pack', contentHash: v1 }]);
    const { rows } = await kit.db.query("SELECT actor, after FROM audit_events WHERE action = 'rule_pack.publish' AND entity_id = $1", [v1]);
    expect(rows).toHaveLength(1);
    // Publishing the active version again is refused: nothing would change.
    await expect(publishPackFiles(kit.db, 'rules', { language: 'en-US', files: ORIGINAL, author, message: 'again' })).rejects.toBeInstanceOf(PackVersionError);
  });

  it('re-scans without duplicating findings or cases, and carries a verdict over only when the matching is unchanged', async () => {
    for (const fixture of ['en-violation', 'en-compliant']) {
      const meta = await fixtureMeta(fixture, `rp-${fixture}`);
      await kit.register({ meta, transcriptText: await fixtureTranscriptText(fixture, meta) });
      await ingestStage(kit.deps(), { callId: meta.id }, stageContext());
      await runJobs([{ name: 'scan', payload: { callId: meta.id } }]);
    }
    const violation = 'rp-en-violation';
    const compliant = 'rp-en-compliant';
    const before = await findingsOf(violation);
    expect(before.every((f) => f.packHash === v1)).toBe(true);
    expect(await findingsOf(compliant)).toEqual([]);
    const insult = before.find((f) => f.ruleId === 'en.abuse.insult')!;
    const profanity = before.find((f) => f.ruleId === 'en.abuse.profanity')!;
    await repositories(kit.db).findings.setVerdict(insult.id, { verdict: 'confirmed', by: 'qa1' });
    await repositories(kit.db).findings.setVerdict(profanity.id, { verdict: 'dismissed', by: 'qa1' });
    const cases = await caseCount();
    expect(cases).toBe(1);

    // v2: only the insult rule's title changes.
    const v2 = await publishPackFiles(kit.db, 'rules', { language: 'en-US', files: withAbuse(reworded), author, message: 'clearer title' });
    expect(v2.diff.rules).toEqual([{ ruleId: 'en.abuse.insult', change: 'changed', matchingChanged: false }]);
    expect(v2.diff.files).toMatchObject([{ path: 'abuse.yaml', status: 'changed' }]);
    expect(v2.diff.files[0]!.unified).toContain('+      en-US: Insulting or demeaning the borrower (name-calling)');
    await rescan();
    const afterV2 = await findingsOf(violation);
    expect(afterV2.map((f) => f.ruleId).sort()).toEqual(before.map((f) => f.ruleId).sort());
    const newInsult = afterV2.find((f) => f.ruleId === 'en.abuse.insult')!;
    expect(newInsult.id).not.toBe(insult.id);
    expect(newInsult.packHash).toBe(v2.pack.contentHash);
    expect(newInsult.verdict).toBe('confirmed');
    // An unchanged rule's finding is the same row, its verdict as the reviewer left it.
    expect(afterV2.find((f) => f.ruleId === 'en.abuse.profanity')).toMatchObject({ id: profanity.id, verdict: 'dismissed' });
    const stored = await allFindingsOf(violation);
    expect(stored.find((f) => f.id === insult.id)).toMatchObject({ verdict: 'confirmed', superseded_at: expect.any(Date) });
    expect(stored.find((f) => f.id === newInsult.id)?.verdict_carried_from).toBe(insult.id);
    expect(await caseCount()).toBe(cases);

    // The same re-scan again: nothing new.
    await rescan();
    expect(await allFindingsOf(violation)).toEqual(stored);
    expect(await caseCount()).toBe(cases);

    // v3: the insult rule matches more: its verdicts no longer carry over, and the compliant call now opens a case that says it came from a re-scan.
    const v3 = await publishPackFiles(kit.db, 'rules', { language: 'en-US', files: withAbuse(widened), author, message: 'flag more insults' });
    expect(v3.diff.rules).toEqual([{ ruleId: 'en.abuse.insult', change: 'changed', matchingChanged: true }]);
    await rescan();
    const afterV3 = await findingsOf(violation);
    const v3Insult = afterV3.find((f) => f.ruleId === 'en.abuse.insult')!;
    expect(v3Insult.packHash).toBe(v3.pack.contentHash);
    expect(v3Insult.verdict).toBeNull();
    expect(afterV3).toHaveLength(before.length);
    expect((await findingsOf(compliant)).map((f) => f.ruleId)).toEqual(['en.abuse.insult']);
    expect(await caseCount()).toBe(cases + 1);
    const call = await kit.call(compliant);
    const { linked } = await repositories(kit.db).cases.forTriage(call.bank, call.borrowerId, compliant);
    const { rows } = await kit.db.query<{ body: { rescan?: { packHash: string } } }>("SELECT body FROM case_events WHERE case_id = $1 AND kind = 'opened'", [linked!.id]);
    expect(rows[0]!.body.rescan).toEqual({ packHash: v3.pack.contentHash });
  });

  it('rolls back to an earlier version by number or hash; the active one and unknown ones are refused', async () => {
    const repo = new RulePacksRepository(kit.db);
    const first = (await repo.getByHash(v1))!;
    const back = await rollbackPack(kit.db, 'rules', { ref: `v${first.id}`, actor: author, message: 'v3 flags too much' });
    expect(back.contentHash).toBe(v1);
    expect((await repo.getActive('en-US'))?.contentHash).toBe(v1);
    expect((await repo.listActivations('en-US'))[0]).toMatchObject({ action: 'rollback', contentHash: v1, message: 'v3 flags too much' });
    const { rows } = await kit.db.query("SELECT 1 FROM audit_events WHERE action = 'rule_pack.rollback' AND entity_id = $1", [v1]);
    expect(rows).toHaveLength(1);

    // Re-scanned after the rollback: the calls' v1 findings are the current ones again, verdicts as given.
    const before = await allFindingsOf('rp-en-violation');
    await rescan();
    const current = await findingsOf('rp-en-violation');
    expect(current.every((f) => f.packHash === v1)).toBe(true);
    expect(current.find((f) => f.ruleId === 'en.abuse.insult')?.verdict).toBe('confirmed');
    expect(await findingsOf('rp-en-compliant')).toEqual([]);
    expect((await allFindingsOf('rp-en-violation')).length).toBe(before.length);

    await expect(rollbackPack(kit.db, 'rules', { ref: v1.slice(0, 10), actor: author, message: '' })).rejects.toMatchObject({ kind: 'already_active' });
    await expect(rollbackPack(kit.db, 'rules', { ref: 'deadbeef00', actor: author, message: '' })).rejects.toMatchObject({ kind: 'unknown' });
  });
});

describe('callguard rules publish', () => {
  const kit = useStageKit();
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cg-publish-'));
    await cp('rules/en-US', path.join(dir, 'en-US'), { recursive: true });
    await cp('rules/policy.yaml', path.join(dir, 'policy.yaml'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 with file:line:col for a broken pack and publishes nothing; a valid one is published with its message', async () => {
    const abuse = path.join(dir, 'en-US', 'abuse.yaml');
    const good = await readFile(abuse, 'utf8');
    await writeFile(abuse, broken(good));
    const refused = await runCliProcess(['rules', 'publish', dir, '-m', 'broken'], { DATABASE_URL: kit.db.connectionString });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/en-US\/abuse\.yaml:\d+:\d+: .*colour/);
    expect(await new RulePacksRepository(kit.db).list()).toEqual([]);

    await writeFile(abuse, good);
    const ok = await runCliProcess(['rules', 'publish', dir, '-m', 'from the CLI'], { DATABASE_URL: kit.db.connectionString });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/en-US: published version \d+/);
    const active = await new RulePacksRepository(kit.db).getActive('en-US');
    expect(active).toMatchObject({ note: 'from the CLI', publishedBy: expect.stringMatching(/^cli:/) });
  });
});
