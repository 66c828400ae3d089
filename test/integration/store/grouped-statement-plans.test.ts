import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { repositories, type Queryable } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { finding, meta, seg } from './helpers/stage-fixtures.ts';

const t = useTestDatabase();

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** Every table the plan reads whole: the relation of each Seq Scan node. */
function seqScans(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && node['Relation Name'] ? [node['Relation Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}

/** The database, keeping the text and values of every statement sent through it. */
function recordingDb(): { q: Queryable; sent: Array<{ text: string; values: unknown[] }> } {
  const sent: Array<{ text: string; values: unknown[] }> = [];
  return {
    sent,
    q: { query: (text: string, values: unknown[] = []) => { sent.push({ text, values }); return t.db.query(text, values); } } as Queryable,
  };
}

/**
 * The plan PostgreSQL keeps for the statement once it is prepared on a connection (the pipeline
 * names its statements, so each connection plans them once, for any values): the generic plan.
 */
async function genericPlan(statement: { text: string; values: unknown[] }): Promise<PlanNode> {
  return t.db.transaction(async (tx) => {
    await tx.query('SET LOCAL plan_cache_mode = force_generic_plan');
    await tx.query(`PREPARE planned AS ${statement.text}`);
    // EXPLAIN EXECUTE takes no bound parameters: the values go in as literals, typed by the statement.
    const literal = (v: unknown) => pg.escapeLiteral(Array.isArray(v) ? `{${v.join(',')}}` : String(v));
    const { rows } = await tx.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (FORMAT JSON) EXECUTE planned(${statement.values.map(literal).join(', ')})`);
    await tx.query('DEALLOCATE planned');
    return rows[0]!['QUERY PLAN'][0]!.Plan;
  });
}

// A grouped statement carries its calls as a recordset, which PostgreSQL takes for 100 rows
// whatever its size: joined to a table, that made it read the whole table on every statement, a
// cost that grew with the table (docs/benchmarks.md, "Pipeline"). The tables here hold what a
// few days of calls leave, without statistics (autovacuum may be off, or not yet have run).
describe('grouped statements reach their rows by key', () => {
  it('no statement of ingest, scan or triage reads the calls, findings or cases table whole', async () => {
    await t.db.query(`
      INSERT INTO calls (id, agent_id, bank, borrower_id, direction, started_at, utc_offset_minutes, language)
      SELECT 'old-' || g, 'A007', 'bank-x', 'B-old-' || g, 'outbound', now(), 480, 'zh-CN' FROM generate_series(1, 4000) g`);
    await t.db.query(`
      INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms, segment_index)
      SELECT 'old-' || (g % 4000 + 1), 'zh.abuse.insult', 'v1', 'abuse', 'high', 'agent', g, g + 900, 0 FROM generate_series(1, 20000) g`);
    await t.db.query(`
      INSERT INTO cases (bank, borrower_id, opened_reason, sla_due_at)
      SELECT 'bank-x', 'B-old-' || g, 'risk_threshold', now() FROM generate_series(1, 4000) g`);
    for (const id of ['p1', 'p2', 'p3']) await repositories(t.db).calls.insertIfNew({ meta: meta(id, `B-${id}`), source: 'recording' });

    // Each stage's statements, as the stages send them (src/store/stage-statements.ts).
    const { q, sent } = recordingDb();
    const r = repositories(q);
    await r.stageQueries.getWithStageResults('ingest', 'v1', ['p1', 'p2']);
    expect(await r.transcripts.upsertAndMarkTranscribedMany([
      { callId: 'p1', engine: 'sidecar', language: 'zh-CN', segments: [seg] },
      { callId: 'p2', engine: 'sidecar', language: 'zh-CN', segments: [seg] },
    ])).toEqual([true, true]);
    await r.stageQueries.getForScanMany(['p1', 'p2'], 7 * 24 * 3600_000);
    const recorded = await r.stageQueries.recordScans([
      { callId: 'p1', version: 'pack1', findings: [finding('p1', 1000), finding('p1', 5000)], result: {} },
      { callId: 'p2', version: 'pack1', findings: [finding('p2', 2000)], result: {} },
    ]);
    expect(recorded.map((f) => f?.length)).toEqual([2, 1]);
    await r.stageQueries.getForTriageMany([{ callId: 'p1', scanVersion: 'pack1' }, { callId: 'p3', scanVersion: 'pack1' }]);
    const record = (callId: string) => ({ callId, status: 'done' as const, stage: 'triage', version: 'pack1', result: {} });
    const [opened] = await r.cases.openWithCalls([{
      case: { bank: 'bank-x', borrowerId: 'B-p3', openedReason: 'risk_threshold', riskScore: 20, openedAt: new Date(), slaDueAt: new Date() },
      callId: 'p3', actor: 'system', events: [{ kind: 'opened', toStatus: 'open' }], record: record('p3'),
    }]);
    const [joined] = await r.cases.joinWithCalls([
      { caseId: opened!.id, callId: 'p1', actor: 'system', score: 40, event: { kind: 'call_added' }, at: new Date(), record: record('p1') },
    ]);
    expect(joined).toMatchObject({ id: opened!.id, riskScore: 40 });
    expect(await r.stageQueries.setStatusWithStageResults('done', [{ callId: 'p2', stage: 'triage', version: 'pack1', result: {} }])).toEqual([true]);

    expect(sent).toHaveLength(8);
    for (const statement of sent) {
      const whole = seqScans(await genericPlan(statement)).filter((table) => ['calls', 'findings', 'cases'].includes(table));
      expect(whole, statement.text.replace(/\s+/g, ' ').slice(0, 120)).toEqual([]);
    }
  });
});
