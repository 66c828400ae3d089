import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadRuleSet, parseTranscriptJson, scanTranscript, scoreFindings } from '../../../src/rules/index.ts';
import type { Transcript } from '../../../src/domain/transcript.ts';
import { repositories, type Db } from '../../../src/store/index.ts';
import { triageCallInTransaction } from '../../../src/cases/index.ts';

/**
 * Review-app test data: the fixture calls (fixtures/calls) scanned by the real rule engine with the
 * shipped rule packs, stored through the storage repositories, plus one synthetic call whose
 * transcript carries personal numbers and markup (for masking and escaping tests). Triage (src/cases)
 * opens cases where the policy says so.
 */
export const FIXTURES = path.resolve('fixtures/calls');
export const PII_CALL_ID = 'zh-pii-markup';
export const PII_PHONE = '13912345678';
export const PII_ID_CARD = '11010519491231002X';
export const MARKUP = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

/** Fixture calls by id → their recording (mp3) on disk. */
export const audioFiles = new Map<string, string>();

function piiTranscript(base: Transcript): Transcript {
  return {
    call: { ...base.call, id: PII_CALL_ID, borrowerId: 'B-1002', startedAt: '2026-03-03T10:05:00+08:00', firstContact: false },
    segments: [
      { speaker: 'agent', startMs: 500, endMs: 3000, text: '您好，我是受建设银行委托的催收员，工号8107。' },
      { speaker: 'customer', startMs: 3200, endMs: 6000, text: `我的手机是${PII_PHONE}，身份证${PII_ID_CARD}。` },
      { speaker: 'agent', startMs: 6200, endMs: 9000, text: `备注 ${MARKUP} 卡号6222 0212 3456 7890 123` },
      { speaker: 'agent', startMs: 9200, endMs: 12000, text: '你这个老赖，真不要脸。' },
    ],
    engine: { name: 'reference' },
  };
}

export async function seedReviewData(db: Db): Promise<{ callIds: string[]; caseIds: number[] }> {
  const set = loadRuleSet('rules');
  if (!set.ok) throw new Error(`rule packs do not load: ${set.problems.length} problems`);
  const index = JSON.parse(readFileSync(path.join(FIXTURES, 'calls.json'), 'utf8')) as {
    calls: { id: string; audio?: string; transcript?: string }[];
  };
  const transcripts: { t: Transcript; audio: string }[] = [];
  for (const c of index.calls) {
    if (!c.transcript || !c.audio) continue;
    const parsed = parseTranscriptJson(readFileSync(path.join(FIXTURES, c.transcript), 'utf8'));
    if (!parsed.ok) throw new Error(`${c.transcript} does not parse`);
    transcripts.push({ t: parsed.transcript, audio: path.join(FIXTURES, c.audio) });
  }
  const abusive = transcripts.find((x) => x.t.call.id === 'zh-abusive');
  if (abusive) transcripts.push({ t: piiTranscript(abusive.t), audio: path.join(FIXTURES, 'zh-compliant.mp3') });

  const callIds: string[] = [];
  const caseIds = new Set<number>();
  for (const { t, audio } of transcripts) {
    const bytes = readFileSync(audio);
    // The synthetic call reuses a recording: give it its own hash so each call has one audio row.
    const sha = createHash('sha256').update(bytes).update(t.call.id).digest('hex');
    audioFiles.set(t.call.id, audio);
    const pack = set.packs.get(t.call.language);
    const findings = pack ? scanTranscript(pack, t, []) : [];
    const score = scoreFindings(findings, set.policy);
    await db.transaction(async (tx) => {
      const r = repositories(tx);
      await r.calls.insertIfNew({
        meta: { ...t.call, team: t.call.team ?? (t.call.language === 'zh-CN' ? '一组' : 'US-1') },
        source: 'recording',
        phone: t.call.language === 'zh-CN' ? '13800138000' : '(555) 234-5678',
        audioSha256: sha,
        audioFormat: 'mp3',
        audioBytes: bytes.length,
      });
      await r.transcripts.upsert({ callId: t.call.id, engine: 'sidecar', language: t.call.language, segments: t.segments });
      await r.findings.upsertMany(findings);
      await r.calls.setStatus(t.call.id, 'done');
      const triage = await triageCallInTransaction(tx, t.call.id, findings, score.score, set.policy);
      if (triage.outcome !== 'none') caseIds.add(triage.case.id);
    });
    callIds.push(t.call.id);
  }
  return { callIds, caseIds: [...caseIds] };
}
