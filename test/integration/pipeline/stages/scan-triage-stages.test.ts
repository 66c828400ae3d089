import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../../src/pipeline/errors.ts';
import { ingestStage } from '../../../../src/pipeline/stages/ingest-stage.ts';
import { scanStage } from '../../../../src/pipeline/stages/scan-stage.ts';
import { triageStage } from '../../../../src/pipeline/stages/triage-stage.ts';
import { repositories } from '../../../../src/store/index.ts';
import { ManualClock } from '../../../helpers/manual-clock.ts';
import { fixtureMeta, fixtureTranscriptText, stageContext, useStageKit } from './stage-kit.ts';

describe('scan and triage stages', () => {
  const kit = useStageKit();

  /** A call with its delivered transcript stored (ingest run), ready to scan. */
  async function transcribed(fixture: string, id: string): Promise<string> {
    const meta = await fixtureMeta(fixture, id);
    await kit.register({ meta, transcriptText: await fixtureTranscriptText(fixture, meta) });
    await ingestStage(kit.deps(), { callId: id }, stageContext());
    return id;
  }

  it('refuse for good a job for a call that does not exist', async () => {
    await expect(scanStage(kit.deps(), { callId: 'nobody' }, stageContext())).rejects.toBeInstanceOf(PermanentError);
    await expect(triageStage(kit.deps(), { callId: 'nobody', packVersion: 'ab'.repeat(32) }, stageContext())).rejects.toBeInstanceOf(PermanentError);
  });

  it('scan records findings and hands triage the pack it used; a second scan of the same pack adds nothing', async () => {
    const id = await transcribed('zh-abusive', 'scan-abusive');
    const first = await scanStage(kit.deps(), { callId: id }, stageContext());
    expect(first.alreadyDone).toBe(false);
    expect(first.next).toEqual([{ name: 'triage', payload: { callId: id, packVersion: expect.stringMatching(/^[0-9a-f]{64}$/) } }]);
    expect((await kit.call(id)).status).toBe('scanned');
    const findings = await repositories(kit.db).findings.listByCall(id);
    expect(findings.length).toBeGreaterThan(0);
    const again = await scanStage(kit.deps(), { callId: id }, stageContext());
    expect(again).toEqual({ next: first.next, alreadyDone: true });
    expect(await repositories(kit.db).findings.listByCall(id)).toHaveLength(findings.length);
  });

  it('triage opens a case for a call with findings, its SLA running from the clock, and marks it done; a retry does nothing more', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T02:30:00Z'));
    const id = await transcribed('zh-abusive', 'triage-abusive');
    const scanned = await scanStage(kit.deps(), { callId: id }, stageContext());
    const job = scanned.next[0]!;
    expect(job.name).toBe('triage');
    const payload = job.payload as { callId: string; packVersion: string };
    expect(await triageStage(kit.deps({ clock }), payload, stageContext())).toEqual({ next: [], alreadyDone: false });
    expect((await kit.call(id)).status).toBe('done');
    const call = await kit.call(id);
    const { linked } = await repositories(kit.db).cases.forTriage(call.bank, call.borrowerId, id);
    expect(linked?.status).toBe('open');
    expect(linked?.openedAt).toEqual(clock.now());
    // rules/policy.yaml's first_response_hours (24) from the clock's time, not the machine's.
    expect(linked?.slaDueAt).toEqual(new Date(clock.nowMs() + 24 * 3600_000));
    expect(await triageStage(kit.deps(), payload, stageContext())).toEqual({ next: [], alreadyDone: true });
  });

  it('triage joins the borrower\'s open case opened under another of the bank\'s names in the pack (建行 / 建设银行)', async () => {
    const scanAndTriage = async (id: string, bank: string) => {
      const meta = { ...(await fixtureMeta('zh-abusive', id)), borrowerId: 'names-B', bank };
      await kit.register({ meta, transcriptText: await fixtureTranscriptText('zh-abusive', meta) });
      await ingestStage(kit.deps(), { callId: id }, stageContext());
      const scanned = await scanStage(kit.deps(), { callId: id }, stageContext());
      await triageStage(kit.deps(), scanned.next[0]!.payload as { callId: string; packVersion: string }, stageContext());
    };
    await scanAndTriage('names-1', '建设银行');
    await scanAndTriage('names-2', '建行');
    const r = repositories(kit.db);
    const { linked: first } = await r.cases.forTriage('建设银行', 'names-B', 'names-1');
    const { linked: second } = await r.cases.forTriage('建行', 'names-B', 'names-2');
    expect(first?.id).toBeDefined();
    expect(second?.id).toBe(first?.id);
    expect(await r.cases.listCallIds(first!.id)).toEqual(expect.arrayContaining(['names-1', 'names-2']));
  });

  it('triage without a scan result of its pack fails the try (transient: the scan may still be committing), not for good', async () => {
    const id = await transcribed('zh-compliant', 'triage-unscanned');
    const scanned = await scanStage(kit.deps(), { callId: id }, stageContext());
    const { packVersion } = scanned.next[0]!.payload as { packVersion: string };
    await kit.db.query(`DELETE FROM stage_results WHERE call_id = $1 AND stage = 'scan'`, [id]);
    const err = await triageStage(kit.deps(), { callId: id, packVersion }, stageContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/no scan result for pack/);
  });

  it('do nothing for a call that already failed', async () => {
    const id = await transcribed('zh-compliant', 'scan-failed');
    await kit.setStatus(id, 'failed');
    expect(await scanStage(kit.deps(), { callId: id }, stageContext())).toEqual({ next: [], alreadyDone: true });
    expect(await triageStage(kit.deps(), { callId: id, packVersion: 'ab'.repeat(32) }, stageContext())).toEqual({ next: [], alreadyDone: true });
  });
});
