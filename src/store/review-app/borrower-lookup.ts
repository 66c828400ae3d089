import type { Queryable } from '../db.ts';

/**
 * Finding the borrower a complaint is about among the calls (and earlier complaints) of one bank
 * group: by phone number (through its lookup hash: the number itself is never compared or
 * indexed), by the bank's borrower id, or by name (the calls' metadata `borrowerName`).
 */
export interface BorrowerKey {
  /** The bank name the borrower's calls are stored under (any name of the group). */
  bank: string;
  borrowerId: string;
}

export async function borrowersByPhone(q: Queryable, banks: readonly string[], phone: string): Promise<BorrowerKey[]> {
  const { rows } = await q.query<{ bank: string; borrower_id: string }>(
    `WITH h AS (SELECT phone_lookup_hash($2) AS hash)
     SELECT DISTINCT bank, borrower_id FROM (
       SELECT c.bank, c.borrower_id FROM calls c, h WHERE h.hash IS NOT NULL AND c.phone_hash = h.hash AND c.bank = ANY($1::text[])
       UNION ALL
       SELECT k.bank, k.borrower_id FROM complaints k, h WHERE h.hash IS NOT NULL AND k.phone_hash = h.hash AND k.bank = ANY($1::text[])
     ) m ORDER BY bank, borrower_id LIMIT 20`,
    [banks, phone],
  );
  return rows.map((r) => ({ bank: r.bank, borrowerId: r.borrower_id }));
}

export async function borrowersById(q: Queryable, banks: readonly string[], borrowerId: string): Promise<BorrowerKey[]> {
  const { rows } = await q.query<{ bank: string; borrower_id: string }>(
    `SELECT DISTINCT bank, borrower_id FROM (
       SELECT bank, borrower_id FROM calls WHERE borrower_id = $2 AND bank = ANY($1::text[])
       UNION ALL SELECT bank, borrower_id FROM cases WHERE borrower_id = $2 AND bank = ANY($1::text[])
     ) m ORDER BY bank`,
    [banks, borrowerId],
  );
  return rows.map((r) => ({ bank: r.bank, borrowerId: r.borrower_id }));
}

/** Every (borrower, name) the calls of these banks carry: the caller compares names in its own normal form. */
export async function borrowerNames(q: Queryable, banks: readonly string[]): Promise<(BorrowerKey & { name: string })[]> {
  const { rows } = await q.query<{ bank: string; borrower_id: string; name: string }>(
    `SELECT DISTINCT bank, borrower_id, metadata->>'borrowerName' AS name FROM calls
     WHERE bank = ANY($1::text[]) AND metadata->>'borrowerName' IS NOT NULL AND metadata->>'borrowerName' <> ''`,
    [banks],
  );
  return rows.map((r) => ({ bank: r.bank, borrowerId: r.borrower_id, name: r.name }));
}

export interface BorrowerCallSummary {
  id: string;
  startedAt: string;
  agentId: string;
  direction: 'outbound' | 'inbound';
  durationMs: number | null;
  source: 'recording' | 'dialer_record';
  phone: string | null;
  findings: number;
}

export interface BorrowerSummary extends BorrowerKey {
  /** The names the calls give (personal data). */
  names: string[];
  calls: BorrowerCallSummary[];
  openCase: { id: number; kind: string; status: string } | null;
}

/** What the intake form shows of a matched borrower before anything is saved: their latest calls and open case. */
export async function borrowerSummary(q: Queryable, key: BorrowerKey, callLimit = 20): Promise<BorrowerSummary> {
  const calls = await q.query<{ id: string; started_at: string; agent_id: string; direction: 'outbound' | 'inbound'; duration_ms: number | null; source: 'recording' | 'dialer_record'; phone: string | null; findings: number; name: string | null }>(
    `SELECT c.id, to_char(c.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started_at, c.agent_id, c.direction,
            c.duration_ms, c.source, c.phone, c.metadata->>'borrowerName' AS name,
            (SELECT count(*)::int FROM findings f WHERE f.call_id = c.id AND f.verdict IS DISTINCT FROM 'dismissed') AS findings
     FROM calls c WHERE c.bank = $1 AND c.borrower_id = $2 ORDER BY c.started_at DESC LIMIT $3`,
    [key.bank, key.borrowerId, callLimit],
  );
  const open = await q.query<{ id: number; kind: string; status: string }>(
    `SELECT id, kind, status FROM cases WHERE bank = $1 AND borrower_id = $2 AND status NOT IN ('dismissed', 'closed')`,
    [key.bank, key.borrowerId],
  );
  return {
    ...key,
    names: [...new Set(calls.rows.map((r) => r.name).filter((n): n is string => !!n))],
    calls: calls.rows.map((r) => ({
      id: r.id, startedAt: r.started_at, agentId: r.agent_id, direction: r.direction, durationMs: r.duration_ms,
      source: r.source, phone: r.phone, findings: r.findings,
    })),
    openCase: open.rows[0] ?? null,
  };
}

/** The settings list of banks beyond the rule packs' bank_names. */
export async function listBankGroupSettings(q: Queryable): Promise<{ name: string; aliases: string[] }[]> {
  const { rows } = await q.query<{ name: string; aliases: string[] }>('SELECT name, aliases FROM bank_groups ORDER BY name');
  return rows;
}

export async function saveBankGroupSetting(q: Queryable, group: { name: string; aliases: string[] }, by: string): Promise<void> {
  await q.query(
    `INSERT INTO bank_groups (name, aliases, updated_by) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET aliases = EXCLUDED.aliases, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [group.name, group.aliases, by],
  );
}
