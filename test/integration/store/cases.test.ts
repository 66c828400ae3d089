import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  CallNotFoundError,
  changeCaseStatus,
  IllegalCaseTransitionError,
  recordComplaint,
  triageCall,
  type TriageResult,
} from '../../../src/cases/index.ts';
import type { CallMeta } from '../../../src/domain/transcript.ts';
import { StageStatements } from '../../../src/store/stage-statements.ts';
import { connectDatabase, repositories } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { waitForLockWait } from '../../helpers/lock-wait.ts';
import { countingDb } from './helpers/stage-fixtures.ts';

const t = useTestDatabase();
const policy = { open_case_at: 10, open_case_on_critical: true, first_response_hours: 24 };
const now = new Date('2026-03-01T12:00:00Z');
const sup1 = { username: 'sup1', role: 'supervisor' } as const;

async function addCall(id: string, borrowerId: string, startedAt = '2026-03-01T10:00:00+08:00'): Promise<void> {
  const meta: CallMeta = { id, agentId: 'A1', borrowerId, bank: 'bank-x', startedAt, direction: 'outbound', firstContact: false, language: 'zh-CN' };
  await repositories(t.db).calls.insertIfNew({ meta, source: 'recording' });
}

describe('triageCall', () => {
  it('opens a case with an SLA, joins later calls, and changes nothing when retried', async () => {
    await addCall('t1', 'B1');
    await addCall('t2', 'B1');
    await addCall('t3', 'B1');
    const opened = await triageCall(t.db, 't1', [{ severity: 'critical' }], 3, policy, { now });
    expect(opened).toMatchObject({ outcome: 'opened', case: { status: 'open', openedReason: 'critical_finding', riskScore: 3, bank: 'bank-x', borrowerId: 'B1' } });
    const c = (opened as Extract<TriageResult, { outcome: 'opened' }>).case;
    expect(c.slaDueAt.toISOString()).toBe('2026-03-02T12:00:00.000Z');

    expect(await triageCall(t.db, 't2', [{ severity: 'low' }], 12, policy, { now })).toMatchObject({ outcome: 'joined', case: { id: c.id, riskScore: 12 } });
    expect(await triageCall(t.db, 't3', [], 0, policy, { now })).toMatchObject({ outcome: 'none' });
    expect(await triageCall(t.db, 't2', [{ severity: 'low' }], 12, policy, { now })).toMatchObject({ outcome: 'already', case: { id: c.id } });

    const r = repositories(t.db);
    expect(await r.cases.listCallIds(c.id)).toEqual(['t1', 't2']);
    expect((await r.caseEvents.listByCase(c.id)).map((e) => e.kind)).toEqual(['opened', 'call_added', 'call_added']);
    await expect(triageCall(t.db, 'missing', [], 0, policy, { now })).rejects.toThrow(CallNotFoundError);
  });

  it('does not reopen a dismissed case when its call is triaged again', async () => {
    await addCall('d1', 'B2');
    const { case: c } = (await triageCall(t.db, 'd1', [{ severity: 'critical' }], 20, policy, { now })) as Extract<TriageResult, { outcome: 'opened' }>;
    await changeCaseStatus(t.db, c.id, 'escalated', sup1, { reason: 'threat on the call' });
    await changeCaseStatus(t.db, c.id, 'dismissed', sup1, { reason: 'agent quoted the borrower' });
    expect(await triageCall(t.db, 'd1', [{ severity: 'critical' }], 20, policy, { now })).toMatchObject({ outcome: 'already', case: { id: c.id, status: 'dismissed' } });
    await addCall('d2', 'B2');
    expect(await triageCall(t.db, 'd2', [{ severity: 'critical' }], 20, policy, { now })).toMatchObject({ outcome: 'opened' });
  });

  it('makes one case when many calls of one borrower are triaged at the same moment on separate connections', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `cc${i}`);
    for (const id of ids) await addCall(id, 'B-race');
    const pools = ids.map(() => connectDatabase(t.url, { maxConnections: 1 }));
    try {
      const results = await Promise.all(ids.map((id, i) => triageCall(pools[i]!, id, [{ severity: 'critical' }], 20 + i, policy, { now })));
      expect(results.filter((r) => r.outcome === 'opened')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'joined')).toHaveLength(ids.length - 1);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
    const r = repositories(t.db);
    const cases = await r.cases.listOfBorrower('bank-x', 'B-race');
    expect(cases).toHaveLength(1);
    expect(cases[0]!.riskScore).toBe(27);
    expect((await r.cases.listCallIds(cases[0]!.id)).sort()).toEqual(ids);
  });
});

describe('triage across a bank\'s names', () => {
  async function addCallOf(id: string, borrowerId: string, bank: string): Promise<void> {
    const meta: CallMeta = { id, agentId: 'A1', borrowerId, bank, startedAt: '2026-03-01T10:00:00+08:00', direction: 'outbound', firstContact: false, language: 'zh-CN' };
    await repositories(t.db).calls.insertIfNew({ meta, source: 'recording' });
  }
  const names = ['示例银行股份有限公司', '示例银行', '示行'];

  it('joins the borrower\'s open case under another name of the bank (a complaint case under the registered name), and opens under the call\'s own name when there is none', async () => {
    await addCallOf('bn1', 'B-names', '示行');
    const first = await triageCall(t.db, 'bn1', [{ severity: 'critical' }], 20, policy, { now, bankNames: names });
    expect(first).toMatchObject({ outcome: 'opened', case: { bank: '示行' } });
    await addCallOf('bn2', 'B-names', '示例银行');
    const second = await triageCall(t.db, 'bn2', [{ severity: 'high' }], 12, policy, { now, bankNames: names });
    expect(second).toMatchObject({ outcome: 'joined', case: { id: (first as Extract<TriageResult, { outcome: 'opened' }>).case.id } });
    // Without the names, as before: the call under another name opens a case of its own.
    await addCallOf('bn3', 'B-names', '示例银行股份有限公司');
    expect(await triageCall(t.db, 'bn3', [{ severity: 'critical' }], 20, policy, { now })).toMatchObject({ outcome: 'opened', case: { bank: '示例银行股份有限公司' } });
    // With two open cases under two names, the one under the earlier name in the group is joined.
    await addCallOf('bn4', 'B-names', '示行');
    expect(await triageCall(t.db, 'bn4', [{ severity: 'low' }], 1, policy, { now, bankNames: names })).toMatchObject({ outcome: 'joined', case: { bank: '示例银行股份有限公司' } });
  });

  it('ignores the caller\'s lookup made under the call\'s name alone', async () => {
    await addCallOf('bk1', 'B-known', '示例银行股份有限公司');
    const opened = await triageCall(t.db, 'bk1', [{ severity: 'critical' }], 20, policy, { now });
    await addCallOf('bk2', 'B-known', '示行');
    const joined = await triageCall(t.db, 'bk2', [{ severity: 'low' }], 1, policy, { now, bankNames: names, known: { linked: null, open: null } });
    expect(joined).toMatchObject({ outcome: 'joined', case: { id: (opened as Extract<TriageResult, { outcome: 'opened' }>).case.id } });
  });
});

describe('triage statements', () => {
  it('joins without lowering the risk, and an open attempt beside an open case writes nothing', async () => {
    await addCall('j1', 'B-join');
    await addCall('j2', 'B-join');
    await addCall('j3', 'B-join');
    const { case: c } = (await triageCall(t.db, 'j1', [{ severity: 'high' }], 14, policy, { now })) as Extract<TriageResult, { outcome: 'opened' }>;
    expect(await triageCall(t.db, 'j2', [{ severity: 'low' }], 1, policy, { now })).toMatchObject({ outcome: 'joined', case: { id: c.id, riskScore: 14 } });
    const r = repositories(t.db);
    const events = await r.caseEvents.listByCase(c.id);
    expect(events.map((e) => [e.kind, e.toStatus, e.body['callId']])).toEqual([['opened', 'open', 'j1'], ['call_added', null, 'j1'], ['call_added', null, 'j2']]);
    expect(events[2]!.body).toMatchObject({ score: 1, findings: 1, critical: 0, warranted: false });

    // Bypassing the borrower lock: the partial unique index refuses a second open case, and the
    // call link and events of the refused case are not written either.
    const refused = await r.cases.openWithCall({
      case: { bank: 'bank-x', borrowerId: 'B-join', openedReason: 'risk_threshold', riskScore: 30, openedAt: now, slaDueAt: now },
      callId: 'j3', actor: 'system:test', events: [{ kind: 'opened', toStatus: 'open' }],
    });
    expect(refused).toBeNull();
    expect((await r.cases.listOfCall('j3'))).toEqual([]);
    expect(await r.cases.listOfBorrower('bank-x', 'B-join')).toHaveLength(1);
    expect(await r.caseEvents.listByCase(c.id)).toHaveLength(3);
  });
});

describe('triage with the caller\'s record', () => {
  it('writes the record and the status with every outcome: in the case change, or alone when no case changed', async () => {
    for (const id of ['rc1', 'rc2', 'rc3']) await addCall(id, 'B-rec');
    await addCall('rc4', 'B-rec-none');
    const record = { status: 'done' as const, stage: 'triage', version: 'p1' };
    const r = repositories(t.db);
    const opened = await triageCall(t.db, 'rc1', [{ severity: 'critical' }], 20, policy, { now, record });
    const joined = await triageCall(t.db, 'rc2', [{ severity: 'low' }], 1, policy, { now, record });
    const again = await triageCall(t.db, 'rc2', [{ severity: 'low' }], 1, policy, { now, record: { ...record, version: 'p2' } });
    const none = await triageCall(t.db, 'rc4', [{ severity: 'low' }], 1, policy, { now, record });
    const caseId = (opened as Extract<TriageResult, { outcome: 'opened' }>).case.id;
    expect([opened.outcome, joined.outcome, again.outcome, none.outcome]).toEqual(['opened', 'joined', 'already', 'none']);
    expect((await r.stageResults.get('rc1', 'triage', 'p1'))?.result).toEqual({ outcome: 'opened', caseId });
    expect((await r.stageResults.get('rc2', 'triage', 'p1'))?.result).toEqual({ outcome: 'joined', caseId });
    expect((await r.stageResults.get('rc2', 'triage', 'p2'))?.result).toEqual({ outcome: 'already', caseId });
    expect((await r.stageResults.get('rc4', 'triage', 'p1'))?.result).toEqual({ outcome: 'none', caseId: null });
    for (const id of ['rc1', 'rc2', 'rc4']) {
      const call = await r.calls.get(id);
      expect(call?.status).toBe('done');
      expect(call?.doneAt).toBeInstanceOf(Date);
    }
    expect((await r.calls.get('rc3'))?.status).toBe('received');
  });
});

describe('triage against concurrent changes', () => {
  it('decides again when the case it joins is closed between its lookup and its write', async () => {
    await addCall('x1', 'B-closing');
    await addCall('x2', 'B-closing');
    const { case: c } = (await triageCall(t.db, 'x1', [{ severity: 'critical' }], 20, policy, { now })) as Extract<TriageResult, { outcome: 'opened' }>;
    await changeCaseStatus(t.db, c.id, 'escalated', sup1, { reason: 'threat on the call' });
    // A supervisor's dismissal, not yet committed: triage's lookup still sees the case open and
    // decides to join; its write waits for the row, then finds the case closed.
    const supervisor = new pg.Client({ connectionString: t.url });
    await supervisor.connect();
    try {
      await supervisor.query('BEGIN');
      await supervisor.query(`UPDATE cases SET status = 'dismissed', closed_at = now() WHERE id = $1`, [c.id]);
      const triaged = triageCall(t.db, 'x2', [{ severity: 'critical' }], 25, policy, { now });
      await waitForLockWait(supervisor);
      await supervisor.query('COMMIT');
      const result = await triaged;
      expect(result).toMatchObject({ outcome: 'opened', case: { status: 'open', riskScore: 25 } });
      expect((result as Extract<TriageResult, { outcome: 'opened' }>).case.id).not.toBe(c.id);
    } finally {
      await supervisor.end();
    }
    const r = repositories(t.db);
    expect(await r.cases.listCallIds(c.id)).toEqual(['x1']);
    expect((await r.caseEvents.listByCase(c.id)).filter((e) => e.kind === 'call_added')).toHaveLength(1);
  });

  it('makes one case when triages and a complaint of one borrower arrive at the same moment', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `cx${i}`);
    for (const id of ids) await addCall(id, 'B-mixed');
    const pools = Array.from({ length: ids.length + 1 }, () => connectDatabase(t.url, { maxConnections: 1 }));
    try {
      const complaint = recordComplaint(pools[ids.length]!, {
        bank: 'bank-x', borrowerId: 'B-mixed', channel: 'phone', receivedAt: now, content: '借款人投诉催收员态度恶劣', createdBy: 'sup1',
      }, 24, now);
      const triaged = await Promise.all(ids.map((id, i) => triageCall(pools[i]!, id, [{ severity: i % 2 ? 'critical' : 'low' }], 20 + i, policy, { now })));
      const filed = await complaint;
      const caseIds = new Set([filed.case.id, ...triaged.flatMap((x) => (x.outcome === 'none' ? [] : [x.case.id]))]);
      expect(caseIds.size).toBe(1);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
    const r = repositories(t.db);
    const cases = await r.cases.listOfBorrower('bank-x', 'B-mixed');
    expect(cases).toHaveLength(1);
    expect((await r.cases.listCallIds(cases[0]!.id)).sort()).toEqual(ids);
    expect((await r.caseEvents.listByCase(cases[0]!.id)).filter((e) => e.kind === 'opened')).toHaveLength(1);
  });
});

describe('triage with grouped writes, as the pipeline triages', () => {
  it('many borrowers triaged at once share statements, and each borrower still gets one case with every call in it', async () => {
    const borrowers = ['G-a', 'G-b', 'G-c', 'G-d', 'G-e', 'G-f'];
    const ids = borrowers.flatMap((b) => Array.from({ length: 3 }, (_, i) => `${b}-${i}`));
    for (const id of ids) await addCall(id, id.slice(0, 3));
    // Each statement held 100 ms: on a quiet machine a write could otherwise come back before the
    // next triage asks for one, and every request would rightly go alone, grouping nothing.
    const counted = countingDb(t.db, 100);
    const grouped = new StageStatements(counted.db);
    const record = { status: 'done' as const, stage: 'triage', version: 'p1' };
    const results = await Promise.all(ids.map((id, i) => triageCall(t.db, id, [{ severity: 'critical' }], 20 + (i % 3), policy, { now, record, writes: grouped.triageWrites })));
    expect(results.filter((x) => x.outcome === 'opened')).toHaveLength(borrowers.length);
    expect(results.filter((x) => x.outcome === 'joined')).toHaveLength(ids.length - borrowers.length);
    // Written one by one, 18 triages take 30 statements (18 open attempts, 12 joins of the
    // losers); grouped, the calls of different borrowers share them (calls of one borrower never do).
    expect(counted.statements()).toBeLessThan(ids.length);
    const r = repositories(t.db);
    for (const b of borrowers) {
      const cases = await r.cases.listOfBorrower('bank-x', b);
      expect(cases).toHaveLength(1);
      expect(cases[0]!.riskScore).toBe(22);
      expect((await r.cases.listCallIds(cases[0]!.id)).sort()).toEqual(ids.filter((id) => id.startsWith(b)).sort());
      expect((await r.caseEvents.listByCase(cases[0]!.id)).map((e) => e.kind).sort()).toEqual(['call_added', 'call_added', 'call_added', 'opened']);
    }
    for (const id of ids) {
      expect((await r.calls.get(id))?.status).toBe('done');
      expect((await r.stageResults.get(id, 'triage', 'p1'))?.result).toMatchObject({ caseId: expect.any(Number) });
    }
  });

  it('in one statement, a borrower who already has an open case gets none opened and a closed case is not joined; the others are written', async () => {
    for (const id of ['go1', 'go2', 'gj1', 'gj2']) await addCall(id, `B-${id}`);
    await addCall('go2-earlier', 'B-go2');
    await addCall('gj2-earlier', 'B-gj2');
    const r = repositories(t.db);
    const existing = (await triageCall(t.db, 'go2-earlier', [{ severity: 'critical' }], 20, policy, { now })) as Extract<TriageResult, { outcome: 'opened' }>;
    const open = (await triageCall(t.db, 'gj2-earlier', [{ severity: 'critical' }], 20, policy, { now })) as Extract<TriageResult, { outcome: 'opened' }>;
    const closing = (await triageCall(t.db, 'gj1', [{ severity: 'critical' }], 20, policy, { now })) as Extract<TriageResult, { outcome: 'opened' }>;
    await changeCaseStatus(t.db, closing.case.id, 'escalated', sup1, { reason: 'threat on the call' });
    await changeCaseStatus(t.db, closing.case.id, 'dismissed', sup1, { reason: 'quoted the borrower' });
    const record = (callId: string) => ({ callId, status: 'done' as const, stage: 'triage', version: 'p1', result: {} });
    const draft = (b: string) => ({ bank: 'bank-x', borrowerId: b, openedReason: 'critical_finding' as const, riskScore: 30, openedAt: now, slaDueAt: now });
    const opened = await r.cases.openWithCalls([
      { case: draft('B-go1'), callId: 'go1', actor: 'system', events: [{ kind: 'opened', toStatus: 'open' }], record: record('go1') },
      { case: draft('B-go2'), callId: 'go2', actor: 'system', events: [{ kind: 'opened', toStatus: 'open' }], record: record('go2') },
    ]);
    expect(opened[0]).toMatchObject({ borrowerId: 'B-go1', riskScore: 30 });
    expect(opened[1]).toBeNull();
    expect((await r.calls.get('go1'))?.status).toBe('done');
    expect((await r.calls.get('go2'))?.status).toBe('received');
    expect(await r.cases.listCallIds(existing.case.id)).toEqual(['go2-earlier']);

    const joined = await r.cases.joinWithCalls([
      { caseId: closing.case.id, callId: 'gj2', actor: 'system', score: 50, event: { kind: 'call_added' }, at: now, record: record('gj2') },
      { caseId: open.case.id, callId: 'gj2', actor: 'system', score: 50, event: { kind: 'call_added' }, at: now, record: record('gj2') },
    ]);
    expect(joined[0]).toBeNull();
    expect(joined[1]).toMatchObject({ id: open.case.id, riskScore: 50 });
    expect(await r.cases.listCallIds(closing.case.id)).toEqual(['gj1']);
    expect(await r.cases.listCallIds(open.case.id)).toEqual(['gj2', 'gj2-earlier']);
    await expect(r.cases.joinWithCalls([
      { caseId: open.case.id, callId: 'gj2', actor: 'system', score: 1, event: { kind: 'call_added' }, at: now },
      { caseId: open.case.id, callId: 'go1', actor: 'system', score: 1, event: { kind: 'call_added' }, at: now },
    ])).rejects.toThrow(/two requests for one case/);
  });
});

describe('case actions', () => {
  it('refuses an illegal transition and writes nothing', async () => {
    await addCall('i1', 'B4');
    const { case: c } = (await triageCall(t.db, 'i1', [{ severity: 'critical' }], 20, policy, { now })) as Extract<TriageResult, { outcome: 'opened' }>;
    await expect(changeCaseStatus(t.db, c.id, 'reported_to_bank', sup1)).rejects.toThrow(IllegalCaseTransitionError);
    await expect(changeCaseStatus(t.db, c.id, 'reported_to_bank', sup1)).rejects.toThrow(/allowed from open: escalated, dismissed/);
    const r = repositories(t.db);
    expect((await r.cases.get(c.id))?.status).toBe('open');
    expect(await r.caseEvents.listByCase(c.id)).toHaveLength(2);
  });

  it('opens a case from a complaint with the SLA from its receipt and pulls in the borrower’s calls', async () => {
    await addCall('p1', 'B5');
    await addCall('p2', 'B5');
    const received = new Date('2026-02-28T09:00:00Z');
    const first = await recordComplaint(t.db, { bank: 'bank-x', borrowerId: 'B5', channel: 'letter', receivedAt: received, content: '…', createdBy: 'sup2' }, 24, now);
    expect(first).toMatchObject({ opened: true, case: { openedReason: 'complaint' } });
    expect(first.case.slaDueAt.toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(first.addedCallIds.sort()).toEqual(['p1', 'p2']);
    const earlier = new Date('2026-02-27T09:00:00Z');
    const second = await recordComplaint(t.db, { bank: 'bank-x', borrowerId: 'B5', channel: 'regulator', receivedAt: earlier, content: '…', createdBy: 'sup2' }, 24, now);
    expect(second).toMatchObject({ opened: false, case: { id: first.case.id }, addedCallIds: [] });
    expect(second.case.slaDueAt.toISOString()).toBe('2026-02-28T09:00:00.000Z');
    expect(await repositories(t.db).complaints.listByCase(first.case.id)).toHaveLength(2);
    const overdue = await repositories(t.db).cases.listOverdue(now);
    expect(overdue.map((c) => c.id)).toContain(first.case.id);
  });
});
