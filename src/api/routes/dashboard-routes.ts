import { z } from 'zod';
import { CATEGORIES } from '../../domain/category.ts';
import { SEVERITIES } from '../../domain/severity.ts';
import { apiClock } from '../api-deps.ts';
import { dashboardData } from '../dashboard-data.ts';
import { DashboardQueryShape, dashboardFilter } from '../dashboard-query.ts';
import { mondayOf, weekStartOf, weeksBefore } from '../../domain/week.ts';
import { DashboardFiltersSchema, DashboardSchema, DrillDownSchema, ScorecardSchema } from '../dashboard-schemas.ts';
import { notFound } from '../http-error.ts';
import { defineRoute } from '../route-def.ts';
import { CASE_STATES, FINDING_STATES, listDrillDownCalls, SAMPLE_STATES } from '../../store/review-app/dashboard-calls.ts';
import { dashboardFilterOptions } from '../../store/review-app/dashboard-filter-options.ts';
import { agentCases, agentCategories, agentIdentity, agentWeeks } from '../../store/review-app/agent-scorecard.ts';
import { listReviewQueue } from '../../store/review-app/review-queue.ts';
import { getWeekTimeZone } from '../../store/index.ts';

/**
 * The management view: dashboards over the weekly rollups, the calls behind each number, and one
 * scorecard per agent. For supervisors and compliance officers; every answer is within the user's banks.
 */
export const MANAGERS = ['supervisor', 'compliance_officer'] as const;

const Day = z.iso.date();

export const DrillDownQuery = z.strictObject({
  ...DashboardQueryShape,
  week: Day.optional(),
  category: z.enum(CATEGORIES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  ruleId: z.string().min(1).max(200).optional(),
  finding: z.enum(FINDING_STATES).optional(),
  engine: z.string().min(1).max(100).optional(),
  lowQuality: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  reviewer: z.string().max(200).optional(),
  reviewWeek: Day.optional(),
  caseWeek: Day.optional(),
  caseState: z.enum(CASE_STATES).optional(),
  sample: z.enum(SAMPLE_STATES).optional(),
  sampleWeek: Day.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** How many weeks a scorecard covers unless asked otherwise. */
const SCORECARD_WEEKS = 12;

export const dashboardRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/dashboard/filters',
    roles: MANAGERS,
    summary: 'Banks, teams, agents and languages to filter the dashboards by, within your banks',
    tags: ['dashboards'],
    response: DashboardFiltersSchema,
    async handler(_input, { deps, user }) {
      return dashboardFilterOptions(deps.db, user.banks);
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/dashboard',
    roles: MANAGERS,
    summary: 'The dashboard figures (findings per week, violation rates, top rules, cases and SLA, QA throughput and backlog, engines) for the filters',
    tags: ['dashboards'],
    response: DashboardSchema,
    query: z.strictObject(DashboardQueryShape),
    async handler({ query }, { deps, user }) {
      return dashboardData(deps.db, dashboardFilter(user, query), apiClock(deps).now());
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/dashboard/calls',
    roles: MANAGERS,
    summary: 'The calls behind a dashboard number: the filters plus what the number counted',
    tags: ['dashboards'],
    response: DrillDownSchema,
    query: DrillDownQuery,
    async handler({ query }, { deps, user }) {
      const { week, category, severity, ruleId, finding, engine, lowQuality, reviewer, reviewWeek, caseWeek, caseState, sample, sampleWeek, limit, offset } = query;
      return listDrillDownCalls(deps.db, {
        ...dashboardFilter(user, query),
        week, category, severity, ruleId, finding, engine, lowQuality, reviewer, reviewWeek, caseWeek, caseState, sample, sampleWeek,
        now: apiClock(deps).now(), limit, offset,
      });
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/agents/:agentId/scorecard',
    roles: MANAGERS,
    summary: "An agent's scorecard: calls, flagged share, confirmed violations by category, weekly trend (12 weeks by default), calls to listen to, cases",
    tags: ['dashboards'],
    response: ScorecardSchema,
    params: z.strictObject({ agentId: z.string().min(1).max(200) }),
    query: z.strictObject({ bank: DashboardQueryShape.bank, language: DashboardQueryShape.language, from: Day.optional(), to: Day.optional() }),
    async handler({ params, query }, { deps, user }) {
      // An agent with no call in the user's banks is answered like an unknown one.
      const agent = await agentIdentity(deps.db, user.banks, params.agentId);
      if (!agent) throw notFound('agent');
      // Up to this week in the deployment's week time zone, as the rollups count weeks.
      const to = query.to ? mondayOf(query.to) : weekStartOf(apiClock(deps).now(), await getWeekTimeZone(deps.db));
      const from = query.from ? mondayOf(query.from) : weeksBefore(to, SCORECARD_WEEKS - 1);
      const f = { ...dashboardFilter(user, { ...query, from, to }), agentId: params.agentId };
      const weeks = await agentWeeks(deps.db, { ...f, from, to });
      const categories = await agentCategories(deps.db, f);
      const queue = await listReviewQueue(deps.db, {
        banks: user.banks, agentId: params.agentId, bank: query.bank, reviewState: 'all', limit: 10, offset: 0,
        weights: deps.options.severityWeights,
        // The queue takes instants: the range's first Monday to the day after its last week, a day wider for UTC offsets.
        from: new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000), to: new Date(Date.parse(`${to}T00:00:00Z`) + 8 * 86_400_000),
      });
      const cases = await agentCases(deps.db, user.banks, params.agentId, 20);
      const totals = weeks.reduce(
        (t, w) => ({
          calls: t.calls + w.calls, flaggedCalls: t.flaggedCalls + w.flaggedCalls,
          violationCalls: t.violationCalls + w.violationCalls, confirmedFindings: t.confirmedFindings + w.confirmedFindings,
        }),
        { calls: 0, flaggedCalls: 0, violationCalls: 0, confirmedFindings: 0 },
      );
      return { agent, from, to, totals, weeks, categories, toListen: queue.items, cases };
    },
  }),
];
