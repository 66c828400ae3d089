import type { Queryable } from '../db.ts';

/**
 * Why a user may not handle a case (回避): they are the collector of one of its calls (by login or by
 * the collector id recorded on their account), or they lead the team of such a collector. null when
 * neither is known to be true.
 */
export type ConflictOfInterest = 'collector' | 'team_lead' | null;

export async function caseConflictOfInterest(q: Queryable, caseId: number, username: string): Promise<ConflictOfInterest> {
  const { rows } = await q.query<{ collector: boolean; team_lead: boolean }>(
    `SELECT
       coalesce(bool_or(c.agent_id = $2 OR (u.agent_id IS NOT NULL AND c.agent_id = u.agent_id)), false) AS collector,
       coalesce(bool_or(c.team IS NOT NULL AND c.team = ANY(coalesce(u.leads_teams, '{}'))), false) AS team_lead
     FROM case_calls cc JOIN calls c ON c.id = cc.call_id
     LEFT JOIN users u ON u.username = $2
     WHERE cc.case_id = $1`,
    [caseId, username],
  );
  const r = rows[0];
  if (r?.collector) return 'collector';
  if (r?.team_lead) return 'team_lead';
  return null;
}

/**
 * Records what the conflict-of-interest rule needs to know of an account: the collector id its
 * owner calls under, and the teams they lead. false when there is no such user.
 */
export async function setConflictLinks(q: Queryable, username: string, links: { agentId: string | null; leadsTeams: readonly string[] }): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE users SET agent_id = $2, leads_teams = $3, updated_at = now() WHERE username = $1',
    [username, links.agentId, links.leadsTeams],
  );
  return rowCount === 1;
}

export async function getConflictLinks(q: Queryable, username: string): Promise<{ agentId: string | null; leadsTeams: string[] } | undefined> {
  const { rows } = await q.query<{ agent_id: string | null; leads_teams: string[] }>('SELECT agent_id, leads_teams FROM users WHERE username = $1', [username]);
  return rows[0] ? { agentId: rows[0].agent_id, leadsTeams: rows[0].leads_teams } : undefined;
}
