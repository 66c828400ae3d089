import type { Case, CaseDeadlineFacts, CaseKind, CaseOpenedReason, CaseOutcome, CaseStatus, ComplainantRelation, ComplaintChannel } from '../../domain/case.ts';
import type { Queryable } from '../db.ts';
import type { NewCaseEvent } from './case-events-repository.ts';
import { STAGE_RECORD_COLUMNS, stageRecordFields, stageRecordsCtes, type StageRecord } from './stage-record-sql.ts';

interface CaseRow {
  id: number;
  kind: CaseKind;
  bank: string;
  borrower_id: string;
  status: CaseStatus;
  opened_reason: CaseOpenedReason;
  risk_score: number;
  opened_at: Date;
  sla_due_at: Date;
  received_at: Date | null;
  first_response_at: Date | null;
  assigned_to: string | null;
  accepted_at: Date | null;
  complainant_name: string | null;
  complainant_relation: ComplainantRelation | null;
  complainant_contact: string | null;
  complaint_channel: ComplaintChannel | null;
  complainant_request: string | null;
  promised_response_at: Date | null;
  investigating_at: Date | null;
  bank_notified_at: Date | null;
  explained_at: Date | null;
  solution_text: string | null;
  solution_due_at: Date | null;
  solution_proposed_at: Date | null;
  outcome: CaseOutcome | null;
  cause_analysis: string | null;
  reviewed_at: Date | null;
  regulator_extension_days: number;
  regulator_extension_reason: string | null;
  reopened_at: Date | null;
  reported_to_bank_at: Date | null;
  reported_to_bank_by: string | null;
  resolved_at: Date | null;
  resolution: string | null;
  followed_up_at: Date | null;
  follow_up_note: string | null;
  follow_up_call_id: string | null;
  closed_at: Date | null;
  updated_at: Date;
}

export function toCase(r: CaseRow): Case {
  return {
    id: r.id,
    kind: r.kind,
    bank: r.bank,
    borrowerId: r.borrower_id,
    status: r.status,
    openedReason: r.opened_reason,
    riskScore: r.risk_score,
    openedAt: r.opened_at,
    slaDueAt: r.sla_due_at,
    receivedAt: r.received_at,
    firstResponseAt: r.first_response_at,
    assignedTo: r.assigned_to,
    acceptedAt: r.accepted_at,
    complainantName: r.complainant_name,
    complainantRelation: r.complainant_relation,
    complainantContact: r.complainant_contact,
    complaintChannel: r.complaint_channel,
    complainantRequest: r.complainant_request,
    promisedResponseAt: r.promised_response_at,
    investigatingAt: r.investigating_at,
    bankNotifiedAt: r.bank_notified_at,
    explainedAt: r.explained_at,
    solutionText: r.solution_text,
    solutionDueAt: r.solution_due_at,
    solutionProposedAt: r.solution_proposed_at,
    outcome: r.outcome,
    causeAnalysis: r.cause_analysis,
    reviewedAt: r.reviewed_at,
    regulatorExtensionDays: r.regulator_extension_days,
    regulatorExtensionReason: r.regulator_extension_reason,
    reopenedAt: r.reopened_at,
    reportedToBankAt: r.reported_to_bank_at,
    reportedToBankBy: r.reported_to_bank_by,
    resolvedAt: r.resolved_at,
    resolution: r.resolution,
    followedUpAt: r.followed_up_at,
    followUpNote: r.follow_up_note,
    followUpCallId: r.follow_up_call_id,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
  };
}

const CASE_TIME_COLUMNS = [
  'opened_at', 'sla_due_at', 'received_at', 'first_response_at', 'accepted_at', 'promised_response_at', 'investigating_at',
  'bank_notified_at', 'explained_at', 'solution_due_at', 'solution_proposed_at', 'reviewed_at', 'reopened_at',
  'reported_to_bank_at', 'resolved_at', 'followed_up_at', 'closed_at', 'updated_at',
] as const;

/** A cases row read as JSON (`to_jsonb`, inside a statement that reads more than cases): times arrive as text. */
export type CaseJson = { [K in keyof CaseRow]: K extends (typeof CASE_TIME_COLUMNS)[number] ? string | null : CaseRow[K] };

export function caseFromJson(j: CaseJson): Case {
  const row = { ...j } as unknown as Record<string, unknown>;
  for (const c of CASE_TIME_COLUMNS) if (typeof row[c] === 'string') row[c] = new Date(row[c] as string);
  return toCase(row as unknown as CaseRow);
}

export interface NewCase {
  /** Default: a risk case in `open`; a complaint opens a complaint case in `received`. */
  kind?: CaseKind;
  receivedAt?: Date | null;
  bank: string;
  borrowerId: string;
  openedReason: CaseOpenedReason;
  riskScore: number;
  openedAt: Date;
  slaDueAt: Date;
}

/** The columns a status transition (or another case action) may set: the state machine decides which. */
export interface CaseTransitionPatch {
  status?: CaseStatus;
  kind?: CaseKind;
  receivedAt?: Date;
  firstResponseAt?: Date;
  acceptedAt?: Date;
  complainantName?: string;
  complainantRelation?: ComplainantRelation;
  complainantContact?: string | null;
  complaintChannel?: ComplaintChannel;
  complainantRequest?: string;
  promisedResponseAt?: Date;
  investigatingAt?: Date | null;
  bankNotifiedAt?: Date;
  explainedAt?: Date | null;
  solutionText?: string;
  solutionDueAt?: Date;
  solutionProposedAt?: Date | null;
  outcome?: CaseOutcome;
  causeAnalysis?: string;
  reviewedAt?: Date;
  regulatorExtensionDays?: number;
  regulatorExtensionReason?: string;
  reopenedAt?: Date;
  reportedToBankAt?: Date | null;
  reportedToBankBy?: string;
  resolvedAt?: Date | null;
  resolution?: string;
  followedUpAt?: Date | null;
  followUpNote?: string;
  followUpCallId?: string | null;
  closedAt?: Date | null;
}

const PATCH_COLUMNS: Record<keyof CaseTransitionPatch, string> = {
  status: 'status',
  kind: 'kind',
  receivedAt: 'received_at',
  firstResponseAt: 'first_response_at',
  acceptedAt: 'accepted_at',
  complainantName: 'complainant_name',
  complainantRelation: 'complainant_relation',
  complainantContact: 'complainant_contact',
  complaintChannel: 'complaint_channel',
  complainantRequest: 'complainant_request',
  promisedResponseAt: 'promised_response_at',
  investigatingAt: 'investigating_at',
  bankNotifiedAt: 'bank_notified_at',
  explainedAt: 'explained_at',
  solutionText: 'solution_text',
  solutionDueAt: 'solution_due_at',
  solutionProposedAt: 'solution_proposed_at',
  outcome: 'outcome',
  causeAnalysis: 'cause_analysis',
  reviewedAt: 'reviewed_at',
  regulatorExtensionDays: 'regulator_extension_days',
  regulatorExtensionReason: 'regulator_extension_reason',
  reopenedAt: 'reopened_at',
  reportedToBankAt: 'reported_to_bank_at',
  reportedToBankBy: 'reported_to_bank_by',
  resolvedAt: 'resolved_at',
  resolution: 'resolution',
  followedUpAt: 'followed_up_at',
  followUpNote: 'follow_up_note',
  followUpCallId: 'follow_up_call_id',
  closedAt: 'closed_at',
};

export interface CaseListFilter {
  statuses?: CaseStatus[];
  bank?: string;
  assignedTo?: string;
  limit?: number;
}

const OPEN = `status NOT IN ('dismissed', 'closed')`;

/**
 * What triage decides from, as two JSON columns for a statement over `calls c`: `linked_case`, the
 * newest case the call belongs to, and `open_case`, its borrower's open case. The same lookup as
 * CasesRepository.forTriage, for a read that brings the call too.
 */
export const TRIAGE_CASES_COLUMNS = `
  (SELECT to_jsonb(l) FROM (SELECT cases.* FROM cases JOIN case_calls cc ON cc.case_id = cases.id
    WHERE cc.call_id = c.id ORDER BY cases.opened_at DESC, cases.id DESC LIMIT 1) l) AS linked_case,
  (SELECT to_jsonb(o) FROM cases o WHERE o.bank = c.bank AND o.borrower_id = c.borrower_id
    AND o.${OPEN}) AS open_case`;

/** One borrower's case to open with its first call (CasesRepository.openWithCalls). */
export interface OpenCaseRequest {
  case: NewCase;
  callId: string;
  actor: string;
  events: readonly CaseEventDraft[];
  record?: StageRecord;
}

/** One call to add to an open case (CasesRepository.joinWithCalls). */
export interface JoinCaseRequest {
  caseId: number;
  callId: string;
  actor: string;
  score: number;
  event: CaseEventDraft;
  at: Date;
  record?: StageRecord;
}

/** The several-requests statements judge each request against the database, not against each other. */
function onePerKey<T>(items: readonly T[], key: (item: T) => string, what: string): void {
  const seen = new Set<string>();
  for (const it of items) {
    const k = key(it);
    if (seen.has(k)) throw new Error(`two requests for one ${what} in one statement`);
    seen.add(k);
  }
}

/** An event written together with the case change it records (the case id comes from that change). */
export type CaseEventDraft = Omit<NewCaseEvent, 'caseId' | 'actor' | 'at'>;

const eventRecord = (e: CaseEventDraft) => ({ kind: e.kind, from_status: e.fromStatus ?? null, to_status: e.toStatus ?? null, body: e.body ?? {} });

export class CasesRepository {
  constructor(private readonly q: Queryable) {}

  /**
   * Opens a case; null when the borrower already has an open case (the partial unique index
   * allows one), so a racing opener learns it lost instead of creating a second case.
   */
  async insertOpen(c: NewCase): Promise<Case | null> {
    const { rows } = await this.q.query<CaseRow>(
      `INSERT INTO cases (bank, borrower_id, opened_reason, risk_score, opened_at, sla_due_at, updated_at, kind, status, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $5, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING *`,
      [c.bank, c.borrowerId, c.openedReason, c.riskScore, c.openedAt, c.slaDueAt, c.kind ?? 'risk', c.kind === 'complaint' ? 'received' : 'open', c.receivedAt ?? null],
    );
    return rows[0] ? toCase(rows[0]) : null;
  }

  /**
   * What triage decides from, in one round trip: the newest case the call already belongs to, and
   * the borrower's open case. A snapshot: the writes that follow (openWithCall, joinWithCall)
   * re-check what they depend on and write nothing when it changed.
   */
  /**
   * The case a call is already in, and the borrower's open case under any of `banks` (every name
   * the bank goes by, registered name first; one open case per name at most, and when cases under
   * two names are open at once the one under the earlier name is taken; triage takes a case found
   * under the call's own name first, see triageCall).
   */
  async forTriage(banks: string | readonly string[], borrowerId: string, callId: string): Promise<{ linked: Case | null; open: Case | null }> {
    const names = typeof banks === 'string' ? [banks] : [...banks];
    // Two branches, not one OR'ed WHERE: each reads its own index (case_calls by call, the partial
    // unique index of open cases).
    const { rows } = await this.q.query<CaseRow & { linked: boolean }>(
      `(SELECT cases.*, true AS linked FROM cases JOIN case_calls cc ON cc.case_id = cases.id
        WHERE cc.call_id = $3 ORDER BY cases.opened_at DESC, cases.id DESC LIMIT 1)
       UNION ALL
       (SELECT cases.*, false AS linked FROM cases WHERE bank = ANY($1::text[]) AND borrower_id = $2 AND ${OPEN}
         ORDER BY array_position($1::text[], bank), cases.id LIMIT 1)`,
      [names, borrowerId, callId],
    );
    const linked = rows.find((r) => r.linked);
    const open = rows.find((r) => !r.linked);
    return { linked: linked ? toCase(linked) : null, open: open ? toCase(open) : null };
  }

  /**
   * Opens a case with its first call and its first events (in the order given) in one statement:
   * all of them or, when the borrower already has an open case (the partial unique index allows
   * one), none of them and null. With `record`, the call's stage record (the new case's id under
   * `caseId`) and status are written in the same statement, under the same condition.
   */
  async openWithCall(request: OpenCaseRequest): Promise<Case | null> {
    const [opened] = await this.openWithCalls([request]);
    return opened!;
  }

  /**
   * openWithCall for several borrowers in one statement, each judged on its own: the case of a
   * borrower who already has an open one is not opened (null), the others are. One request per
   * borrower at most.
   */
  async openWithCalls(items: readonly OpenCaseRequest[]): Promise<Array<Case | null>> {
    onePerKey(items, (it) => `${it.case.bank}\u0000${it.case.borrowerId}`, 'borrower');
    const input = items.map((it, n) => ({
      n, bank: it.case.bank, borrower_id: it.case.borrowerId, opened_reason: it.case.openedReason, risk_score: it.case.riskScore,
      opened_at: it.case.openedAt, sla_due_at: it.case.slaDueAt, call_id: it.callId, actor: it.actor,
      events: it.events.map(eventRecord), ...stageRecordFields(it.record),
    }));
    const { rows } = await this.q.query<CaseRow & { n: number }>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(n integer, bank text, borrower_id text, opened_reason text,
           risk_score double precision, opened_at timestamptz, sla_due_at timestamptz, call_id text, actor text, events jsonb,
           ${STAGE_RECORD_COLUMNS})
       ), opened AS (
         INSERT INTO cases (bank, borrower_id, opened_reason, risk_score, opened_at, sla_due_at, updated_at)
         SELECT bank, borrower_id, opened_reason, risk_score, opened_at, sla_due_at, opened_at FROM input ORDER BY n
         ON CONFLICT DO NOTHING RETURNING *
       ), done AS (
         SELECT i.*, o.id AS gate_id FROM opened o JOIN input i ON i.bank = o.bank AND i.borrower_id = o.borrower_id
       ), linked AS (
         INSERT INTO case_calls (case_id, call_id, added_by) SELECT gate_id, call_id, actor FROM done
       ), events AS (
         INSERT INTO case_events (case_id, actor, kind, from_status, to_status, body, at)
         SELECT d.gate_id, d.actor, e.item->>'kind', e.item->>'from_status', e.item->>'to_status', e.item->'body', d.opened_at
         FROM done d, jsonb_array_elements(d.events) WITH ORDINALITY AS e(item, k)
         ORDER BY d.n, e.k
       ), ${stageRecordsCtes('done', 'caseId', '$2')}
       SELECT o.*, d.n FROM opened o JOIN done d ON d.gate_id = o.id`,
      [JSON.stringify(input), items.map((it) => it.callId)],
    );
    const out: Array<Case | null> = items.map(() => null);
    for (const r of rows) out[r.n] = toCase(r);
    return out;
  }

  /**
   * Adds a call to a case that is still open, in one statement: the link, the case's risk raised
   * to `score` when higher, and the event (only when the link is new, so a duplicate run adds no
   * second event). The case's row is locked and its status re-checked on its newest version, so a
   * case closed meanwhile is not joined: null then, and nothing written. With `record`, as in
   * openWithCall.
   */
  async joinWithCall(request: JoinCaseRequest): Promise<Case | null> {
    const [joined] = await this.joinWithCalls([request]);
    return joined!;
  }

  /** joinWithCall for several cases in one statement, each judged on its own. One request per case at most. */
  async joinWithCalls(items: readonly JoinCaseRequest[]): Promise<Array<Case | null>> {
    onePerKey(items, (it) => String(it.caseId), 'case');
    const input = items.map((it, n) => ({
      n, case_id: it.caseId, call_id: it.callId, actor: it.actor, score: it.score, kind: it.event.kind,
      from_status: it.event.fromStatus ?? null, to_status: it.event.toStatus ?? null, body: it.event.body ?? {}, at: it.at,
      ...stageRecordFields(it.record),
    }));
    const { rows } = await this.q.query<CaseRow & { n: number }>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(n integer, case_id bigint, call_id text, actor text, score double precision,
           kind text, from_status text, to_status text, body jsonb, at timestamptz, ${STAGE_RECORD_COLUMNS})
       ), target AS (
         -- The ids again as an array, so the cases are found through the primary key: a join on
         -- the recordset alone let the planner, which takes it for 100 rows, read every case.
         UPDATE cases SET risk_score = GREATEST(cases.risk_score, i.score), updated_at = now()
         FROM input i WHERE cases.id = ANY($2::bigint[]) AND cases.id = i.case_id AND cases.${OPEN} RETURNING cases.*, i.n
       ), done AS (
         SELECT i.*, t.id AS gate_id FROM target t JOIN input i ON i.n = t.n
       ), linked AS (
         INSERT INTO case_calls (case_id, call_id, added_by) SELECT gate_id, call_id, actor FROM done
         ON CONFLICT DO NOTHING RETURNING case_id, call_id
       ), events AS (
         INSERT INTO case_events (case_id, actor, kind, from_status, to_status, body, at)
         SELECT d.gate_id, d.actor, d.kind, d.from_status, d.to_status, d.body, d.at
         FROM linked l JOIN done d ON d.gate_id = l.case_id AND d.call_id = l.call_id ORDER BY d.n
       ), ${stageRecordsCtes('done', 'caseId', '$3')}
       SELECT * FROM target`,
      [JSON.stringify(input), items.map((it) => it.caseId), items.map((it) => it.callId)],
    );
    const out: Array<Case | null> = items.map(() => null);
    for (const r of rows) out[r.n] = toCase(r);
    return out;
  }

  async get(id: number): Promise<Case | null> {
    const { rows } = await this.q.query<CaseRow>('SELECT * FROM cases WHERE id = $1', [id]);
    return rows[0] ? toCase(rows[0]) : null;
  }

  /** Locks the row until the transaction ends: use inside `db.transaction` only. */
  async getForUpdate(id: number): Promise<Case | null> {
    const { rows } = await this.q.query<CaseRow>('SELECT * FROM cases WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ? toCase(rows[0]) : null;
  }

  /** The borrower's open case (at most one exists); `forUpdate` locks it for the transaction. */
  async findOpenForBorrower(bank: string, borrowerId: string, forUpdate = false): Promise<Case | null> {
    const { rows } = await this.q.query<CaseRow>(
      `SELECT * FROM cases WHERE bank = $1 AND borrower_id = $2 AND ${OPEN}${forUpdate ? ' FOR UPDATE' : ''}`,
      [bank, borrowerId],
    );
    return rows[0] ? toCase(rows[0]) : null;
  }

  /**
   * Applies a transition the state machine produced, only if the case is still in `fromStatus`
   * (null when it is not, or when it does not exist).
   */
  async applyTransition(id: number, fromStatus: CaseStatus, patch: CaseTransitionPatch): Promise<Case | null> {
    const sets: string[] = [];
    const values: unknown[] = [id, fromStatus];
    for (const [key, value] of Object.entries(patch) as [keyof CaseTransitionPatch, unknown][]) {
      if (value === undefined) continue;
      values.push(value);
      sets.push(`${PATCH_COLUMNS[key]} = $${values.length}`);
    }
    const { rows } = await this.q.query<CaseRow>(
      `UPDATE cases SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 AND status = $2 RETURNING *`,
      values,
    );
    return rows[0] ? toCase(rows[0]) : null;
  }

  async assign(id: number, assignee: string | null): Promise<Case | null> {
    const { rows } = await this.q.query<CaseRow>(
      'UPDATE cases SET assigned_to = $2, updated_at = now() WHERE id = $1 RETURNING *',
      [id, assignee],
    );
    return rows[0] ? toCase(rows[0]) : null;
  }

  /** The case's risk is the highest score of its calls. */
  async raiseRiskScore(id: number, score: number): Promise<Case | null> {
    const { rows } = await this.q.query<CaseRow>(
      `UPDATE cases SET risk_score = GREATEST(risk_score, $2), updated_at = now() WHERE id = $1 RETURNING *`,
      [id, score],
    );
    return rows[0] ? toCase(rows[0]) : null;
  }

  /** Brings the SLA due time forward (a complaint joining a case must be answered in time too). */
  async tightenSla(id: number, dueAt: Date): Promise<Case | null> {
    const { rows } = await this.q.query<CaseRow>(
      `UPDATE cases SET sla_due_at = LEAST(sla_due_at, $2), updated_at = now() WHERE id = $1 RETURNING *`,
      [id, dueAt],
    );
    return rows[0] ? toCase(rows[0]) : null;
  }

  /**
   * Cases for the supervisor's list: first those past their first-response deadline without a
   * response, then by due time, then newest.
   */
  async list(filter: CaseListFilter = {}, now: Date = new Date()): Promise<Case[]> {
    const { rows } = await this.q.query<CaseRow>(
      `SELECT * FROM cases
       WHERE ($1::text[] IS NULL OR status = ANY($1::text[]))
         AND ($2::text IS NULL OR bank = $2)
         AND ($3::text IS NULL OR assigned_to = $3)
       ORDER BY (first_response_at IS NULL AND ${OPEN} AND sla_due_at < $5) DESC, sla_due_at, id DESC
       LIMIT $4`,
      [filter.statuses ?? null, filter.bank ?? null, filter.assignedTo ?? null, filter.limit ?? 200, now],
    );
    return rows.map(toCase);
  }

  /** Open cases still waiting for a first response after their due time. */
  async listOverdue(now: Date = new Date()): Promise<Case[]> {
    const { rows } = await this.q.query<CaseRow>(
      `SELECT * FROM cases WHERE ${OPEN} AND first_response_at IS NULL AND sla_due_at < $1 ORDER BY sla_due_at, id`,
      [now],
    );
    return rows.map(toCase);
  }

  async listOfBorrower(bank: string, borrowerId: string): Promise<Case[]> {
    const { rows } = await this.q.query<CaseRow>(
      'SELECT * FROM cases WHERE bank = $1 AND borrower_id = $2 ORDER BY opened_at DESC, id DESC',
      [bank, borrowerId],
    );
    return rows.map(toCase);
  }

  /** Links every call of the case's borrower not yet linked; returns the ids it added. */
  async addBorrowerCalls(caseId: number, addedBy: string): Promise<string[]> {
    const { rows } = await this.q.query<{ call_id: string }>(
      `INSERT INTO case_calls (case_id, call_id, added_by)
       SELECT c.id, calls.id, $2 FROM cases c JOIN calls ON calls.bank = c.bank AND calls.borrower_id = c.borrower_id
       WHERE c.id = $1
       ON CONFLICT DO NOTHING RETURNING call_id`,
      [caseId, addedBy],
    );
    return rows.map((r) => r.call_id);
  }

  /** The case's call ids in call time order. */
  async listCallIds(caseId: number): Promise<string[]> {
    const { rows } = await this.q.query<{ call_id: string }>(
      `SELECT cc.call_id FROM case_calls cc JOIN calls ON calls.id = cc.call_id
       WHERE cc.case_id = $1 ORDER BY calls.started_at, cc.call_id`,
      [caseId],
    );
    return rows.map((r) => r.call_id);
  }

  /**
   * Marks the calls the investigation chose among the case's calls (the others stay linked, not
   * chosen); returns the ids that are the case's calls. Choosing again replaces the choice.
   */
  async chooseCalls(caseId: number, callIds: readonly string[], by: string, at: Date): Promise<string[]> {
    const { rows } = await this.q.query<{ call_id: string }>(
      `UPDATE case_calls SET chosen_at = CASE WHEN call_id = ANY($2::text[]) THEN $4::timestamptz END,
                             chosen_by = CASE WHEN call_id = ANY($2::text[]) THEN $3 END
       WHERE case_id = $1 RETURNING call_id, chosen_at`,
      [caseId, callIds, by, at],
    );
    const linked = new Set(rows.map((r) => r.call_id));
    return callIds.filter((id) => linked.has(id));
  }

  /** The calls the investigation chose, in call time order. */
  async listChosenCallIds(caseId: number): Promise<string[]> {
    const { rows } = await this.q.query<{ call_id: string }>(
      `SELECT cc.call_id FROM case_calls cc JOIN calls ON calls.id = cc.call_id
       WHERE cc.case_id = $1 AND cc.chosen_at IS NOT NULL ORDER BY calls.started_at, cc.call_id`,
      [caseId],
    );
    return rows.map((r) => r.call_id);
  }

  /** Whether the call is one with the case's borrower (same bank and borrower id): a follow-up call must be. */
  async isBorrowerCall(caseId: number, callId: string): Promise<boolean> {
    const { rows } = await this.q.query(
      `SELECT 1 FROM calls c JOIN cases k ON k.bank = c.bank AND k.borrower_id = c.borrower_id WHERE c.id = $1 AND k.id = $2
       UNION ALL SELECT 1 FROM case_calls WHERE case_id = $2 AND call_id = $1 LIMIT 1`,
      [callId, caseId],
    );
    return rows.length > 0;
  }

  /** Links one call to the case (the follow-up call); false when it was linked already. */
  async addCall(caseId: number, callId: string, addedBy: string): Promise<boolean> {
    const { rowCount } = await this.q.query(
      'INSERT INTO case_calls (case_id, call_id, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [caseId, callId, addedBy],
    );
    return rowCount === 1;
  }

  /**
   * Who is involved in the case's calls, for the conflict-of-interest rule (回避): the collectors
   * (agent ids) and their teams.
   */
  async involvedCollectors(caseId: number): Promise<{ agentIds: string[]; teams: string[] }> {
    const { rows } = await this.q.query<{ agent_ids: string[] | null; teams: string[] | null }>(
      `SELECT array_agg(DISTINCT calls.agent_id) AS agent_ids,
              array_agg(DISTINCT calls.team) FILTER (WHERE calls.team IS NOT NULL) AS teams
       FROM case_calls cc JOIN calls ON calls.id = cc.call_id WHERE cc.case_id = $1`,
      [caseId],
    );
    return { agentIds: rows[0]?.agent_ids ?? [], teams: rows[0]?.teams ?? [] };
  }

  /** Open cases for the deadline sweep (closed cases have no running clock). */
  async listOpen(limit = 5000, afterId = 0): Promise<Case[]> {
    const { rows } = await this.q.query<CaseRow>(
      `SELECT * FROM cases WHERE ${OPEN} AND id > $2 ORDER BY id LIMIT $1`,
      [limit, afterId],
    );
    return rows.map(toCase);
  }

  /**
   * Every case, open or closed, by id, with only what its deadlines are computed from: the metrics
   * count every case's deadlines, and the other columns (texts, two dozen times) would be most of
   * the read.
   */
  async listDeadlineFacts(limit: number, afterId = 0): Promise<CaseDeadlineFacts[]> {
    const { rows } = await this.q.query<CaseDeadlineFacts>(
      `SELECT id, kind, status, bank, opened_at AS "openedAt", received_at AS "receivedAt", first_response_at AS "firstResponseAt",
              accepted_at AS "acceptedAt", bank_notified_at AS "bankNotifiedAt", solution_proposed_at AS "solutionProposedAt",
              solution_due_at AS "solutionDueAt", resolved_at AS "resolvedAt", reported_to_bank_at AS "reportedToBankAt",
              followed_up_at AS "followedUpAt", reviewed_at AS "reviewedAt", regulator_extension_days AS "regulatorExtensionDays",
              closed_at AS "closedAt"
         FROM cases WHERE id > $2 ORDER BY id LIMIT $1`,
      [limit, afterId],
    );
    return rows;
  }

  /** Every case the call belongs to, newest first. */
  async listOfCall(callId: string): Promise<Case[]> {
    const { rows } = await this.q.query<CaseRow>(
      `SELECT cases.* FROM cases JOIN case_calls cc ON cc.case_id = cases.id WHERE cc.call_id = $1
       ORDER BY cases.opened_at DESC, cases.id DESC`,
      [callId],
    );
    return rows.map(toCase);
  }
}
