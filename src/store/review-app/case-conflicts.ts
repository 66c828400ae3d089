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
