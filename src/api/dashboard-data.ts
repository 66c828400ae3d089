import type { Queryable } from '../store/db.ts';
import type { DashboardFilter } from '../store/review-app/dashboard-scope.ts';
import { caseWeeks, engineMix, findingsPerWeek, qaThroughput, sampleWeeks, signalWeeks, topRules, violationRates } from '../store/review-app/dashboard-figures.ts';

/** Every figure of the management dashboard for one set of filters (docs/dashboards.md). */
export async function dashboardData(q: Queryable, f: DashboardFilter, now: Date) {
  // One after another: a request holds one pooled connection, and each query is a few milliseconds.
  const perWeek = await findingsPerWeek(q, f);
  const agent = await violationRates(q, f, 'agent');
  const team = await violationRates(q, f, 'team');
  const bank = await violationRates(q, f, 'bank');
  const rules = await topRules(q, f, 10);
  const cases = await caseWeeks(q, f, now);
  const qa = await qaThroughput(q, f);
  const engines = await engineMix(q, f);
  const signals = await signalWeeks(q, f);
  const samples = await sampleWeeks(q, f);
  return { findingsPerWeek: perWeek, violationRates: { agent, team, bank }, topRules: rules, cases, qa, engines, signals, samples };
}

export type DashboardData = Awaited<ReturnType<typeof dashboardData>>;
