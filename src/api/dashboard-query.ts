import { z } from 'zod';
import type { DashboardFilter } from '../store/review-app/dashboard-scope.ts';
import type { UserRow } from '../store/review-app/users.ts';

/**
 * The dashboards' filter query (bank, team, agent, language, date range), shared by the figures,
 * their drill-downs and the exports of their tables. The bank scope is the signed-in user's, never
 * the query's: a bank outside it selects nothing.
 */
const Day = z.iso.date();

export const DashboardQueryShape = {
  bank: z.string().min(1).max(200).optional(),
  /** An empty team selects calls without a team. */
  team: z.string().max(200).optional(),
  agentId: z.string().min(1).max(200).optional(),
  language: z.string().min(1).max(40).optional(),
  from: Day.optional(),
  to: Day.optional(),
};

export const DashboardQuery = z.strictObject(DashboardQueryShape);
export type DashboardQueryInput = z.infer<typeof DashboardQuery>;

export function dashboardFilter(user: Pick<UserRow, 'banks'>, q: DashboardQueryInput): DashboardFilter {
  return {
    banks: user.banks,
    ...(q.bank !== undefined ? { bank: q.bank } : {}),
    ...(q.team !== undefined ? { team: q.team } : {}),
    ...(q.agentId !== undefined ? { agentId: q.agentId } : {}),
    ...(q.language !== undefined ? { language: q.language } : {}),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
  };
}
