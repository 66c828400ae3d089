import { z } from 'zod';
import { CATEGORIES } from '../../domain/category.ts';
import { cohensKappa, ratingPairs } from '../../domain/cohens-kappa.ts';
import { MANUAL_MISSED_RULE_ID, MANUAL_MISSED_RULE_VERSION, VerdictSchema, verdictsFor } from '../../domain/finding-verdict.ts';
import { isWeekStart } from '../../domain/qa-sampling.ts';
import { lastCompleteWeekStart, weekStartOf } from '../../domain/week.ts';
import { SeveritySchema } from '../../domain/severity.ts';
import { escalateCall } from '../../cases/index.ts';
import { drawWeekSample } from '../../pipeline/operations/qa-sample-draw.ts';
import { getWeekTimeZone, repositories } from '../../store/index.ts';
import {
  assignableCallIds, assignCalls, claimNext, getAssignment, listMyQueue, releaseClaim, reviewerLoads,
} from '../../store/review-app/qa-assignments.ts';
import {
  calibrationRatings, calibrationVerdictsOf, createCalibration, getCalibration, listCalibrations, submitCalibrationVerdicts,
} from '../../store/review-app/qa-calibrations.ts';
import { qaWeekFigures } from '../../store/review-app/qa-overview.ts';
import { listUsers } from '../../store/review-app/users.ts';
import { apiClock, type ApiDeps } from '../api-deps.ts';
import { manualRuleChoices } from '../manual-rule-choices.ts';
import { audit } from '../audit.ts';
import { canSeeBank, visibleCall } from '../call-access.ts';
import { badRequest, HttpError, notFound } from '../http-error.ts';
import { presentFinding } from '../present.ts';
import { assertNotClaimedByOther, assertVerdictKind } from '../qa-review-guard.ts';
import { defineRoute } from '../route-def.ts';
import {
  AgreementSchema, AssignResultSchema, CalibrationListSchema, CalibrationSchema, CallQaStateSchema, DrawResultSchema,
  EscalationSchema, ManualFindingResultSchema, MyQueueSchema, NextCallSchema, QaOverviewSchema, ReviewersSchema,
  RuleChoicesSchema, SamplesSchema,
} from '../qa-schemas.ts';

/**
 * The QA floor (docs/qa.md): the weekly sample of unflagged calls, assignment of calls to reviewers
 * with expiring claims, findings reviewers add for what the rules missed, escalation of a call to
 * its borrower's case, and blind calibration with agreement per category. Bank-scoped like every
 * call route: a call outside the user's banks is answered like a missing one.
 */
const REVIEWERS = ['qa_reviewer', 'supervisor'] as const;
const READERS = ['qa_reviewer', 'supervisor', 'compliance_officer'] as const;
const SUPERVISORS = ['supervisor'] as const;

const CallParams = z.strictObject({ id: z.string().min(1).max(200) });
const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });
const Week = z.string().refine(isWeekStart, 'a week is given by its Monday, YYYY-MM-DD');
const Username = z.string().trim().min(1).max(100);

/** The rules directory the server scans with; without it no rule can be named (as on the Rules page). */
function rulesDirOf(deps: ApiDeps): string {
  if (!deps.rulePacks) throw new HttpError(503, 'rules_unavailable', 'this server was started without its rules directory');
  return deps.rulePacks.rulesDir;
}

/** Who may be given review work: reviewers, and supervisors who review themselves. */
async function reviewerNames(db: Parameters<typeof listUsers>[0]): Promise<Map<string, string>> {
  const users = [...(await listUsers(db, { role: 'qa_reviewer' })), ...(await listUsers(db, { role: 'supervisor' }))];
  return new Map(users.filter((u) => !u.disabled).map((u) => [u.username, u.displayName]));
}

export const qaRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/qa/samples/draw',
    roles: SUPERVISORS,
    summary: "Draw a week's random sample of unflagged calls per agent (once per week; the last complete week by default)",
    tags: ['qa'],
    response: DrawResultSchema,
    body: z.strictObject({ week: Week.optional(), seed: z.string().trim().min(1).max(100).optional() }),
    async handler({ body }, ctx) {
      const { deps, user } = ctx;
      const now = apiClock(deps).now();
      const zone = await getWeekTimeZone(deps.db);
      const weekStart = body.week ?? lastCompleteWeekStart(now, zone);
      if (weekStart > weekStartOf(now, zone)) throw new HttpError(422, 'future_week', `the week of ${weekStart} has not begun`);
      const { percent, minimum } = deps.options.qaSampling;
      const result = await drawWeekSample(deps.db, { weekStart, settings: { percent, minimum }, seed: body.seed, by: user.username, now });
      await audit(deps.db, ctx, {
        action: 'qa.sample_draw', entityType: 'qa_week', entityId: weekStart,
        after: { drawn: result.drawn, seed: result.draw.seed, percent: result.draw.percent, minimum: result.draw.minimum, sampled: result.draw.sampled },
      });
      const visible = new Set((await repositories(deps.db).qaSamples.listWeek(weekStart, user.banks)).map((s) => s.callId));
      return { drawn: result.drawn, draw: result.draw, callIds: result.callIds.filter((id) => visible.has(id)) };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/qa/samples',
    roles: READERS,
    summary: "A week's sample in your banks, with each call's outcome (the last complete week by default)",
    tags: ['qa'],
    response: SamplesSchema,
    query: z.strictObject({ week: Week.optional() }),
    async handler({ query }, { deps, user }) {
      const weekStart = query.week ?? lastCompleteWeekStart(apiClock(deps).now(), await getWeekTimeZone(deps.db));
      const r = repositories(deps.db).qaSamples;
      const [draw, items] = await Promise.all([r.getDraw(weekStart), r.listWeek(weekStart, user.banks)]);
      return { weekStart, draw, items };
    },
  }),

  defineRoute({
    method: 'PUT',
    url: '/api/qa/calls/:id/outcome',
    roles: REVIEWERS,
    summary: 'Record that a sampled call was reviewed and nothing was found (a manual finding records a violation)',
    tags: ['qa'],
    response: CallQaStateSchema.shape.sample,
    params: CallParams,
    body: z.strictObject({ outcome: z.literal('clean') }),
    async handler({ params, body }, ctx) {
      const { deps, user } = ctx;
      const now = apiClock(deps).now();
      return deps.db.transaction(async (tx) => {
        const call = await visibleCall(tx, user, params.id);
        await assertNotClaimedByOther(tx, user, call.id, now);
        const r = repositories(tx).qaSamples;
        const before = await r.get(call.id);
        if (!before) throw new HttpError(409, 'not_sampled', 'this call is not in a QA sample: review its findings instead');
        const after = (await r.setOutcome(call.id, { outcome: body.outcome, by: user.username, at: now }))!;
        await audit(tx, ctx, {
          action: 'qa.sample_outcome', entityType: 'call', entityId: call.id,
          before: { outcome: before.outcome, by: before.reviewedBy }, after: { outcome: after.outcome, by: after.reviewedBy },
        });
        return after;
      });
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/qa/reviewers',
    roles: SUPERVISORS,
    summary: 'The people review work can be assigned to, with their open and claimed items in your banks',
    tags: ['qa'],
    response: ReviewersSchema,
    async handler(_input, { deps, user }) {
      const names = await reviewerNames(deps.db);
      const loads = new Map((await reviewerLoads(deps.db, user.banks, apiClock(deps).now())).map((l) => [l.reviewer, l]));
      return {
        reviewers: [...names].map(([username, displayName]) => ({
          username, displayName, open: loads.get(username)?.open ?? 0, claimed: loads.get(username)?.claimed ?? 0,
        })),
      };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/qa/assignments',
    roles: SUPERVISORS,
    summary: 'Assign calls to a reviewer: the listed ones, or in bulk the open queue by bank, team and language',
    tags: ['qa'],
    response: AssignResultSchema,
    body: z.strictObject({
      reviewer: Username,
      callIds: z.array(z.string().min(1).max(200)).min(1).max(500).optional(),
      filter: z.strictObject({
        bank: z.string().min(1).optional(),
        team: z.string().min(1).optional(),
        language: z.string().min(1).optional(),
        sampledOnly: z.boolean().optional(),
        /** Also move calls assigned to someone else. */
        includeAssigned: z.boolean().optional(),
        limit: z.number().int().min(1).max(500).default(50),
      }).optional(),
    }).refine((b) => (b.callIds === undefined) !== (b.filter === undefined), { message: 'give either callIds or filter' }),
    async handler({ body }, ctx) {
      const { deps, user } = ctx;
      if (!(await reviewerNames(deps.db)).has(body.reviewer)) {
        throw new HttpError(422, 'not_a_reviewer', `${body.reviewer} is not an active reviewer or supervisor`);
      }
      const now = apiClock(deps).now();
      return deps.db.transaction(async (tx) => {
        const callIds = body.callIds ?? (await assignableCallIds(tx, {
          banks: user.banks, bank: body.filter!.bank, team: body.filter!.team, language: body.filter!.language,
          sampledOnly: body.filter!.sampledOnly, unassignedOnly: !body.filter!.includeAssigned, limit: body.filter!.limit,
        }));
        // Calls outside the supervisor's banks are skipped like missing ones.
        const assigned = await assignCalls(tx, { callIds, reviewer: body.reviewer, by: user.username, at: now, banks: user.banks });
        await audit(tx, ctx, {
          action: 'qa.assign', entityType: 'reviewer', entityId: body.reviewer,
          after: { callIds: assigned, filter: body.filter ?? null },
        });
        return { assigned };
      });
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/qa/my-queue',
    roles: REVIEWERS,
    summary: 'The calls assigned to you that still need review, oldest assignment first',
    tags: ['qa'],
    response: MyQueueSchema,
    async handler(_input, { deps, user }) {
      return { items: await listMyQueue(deps.db, user.username, user.banks) };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/qa/next',
    roles: REVIEWERS,
    summary: 'Claim your next call (your live claim, else your oldest assignment, else a call whose claim lapsed)',
    tags: ['qa'],
    response: NextCallSchema,
    async handler(_input, ctx) {
      const { deps, user } = ctx;
      const now = apiClock(deps).now();
      const expiresAt = new Date(now.getTime() + deps.options.qaSampling.claimMinutes * 60_000);
      return deps.db.transaction(async (tx) => {
        const assignment = await claimNext(tx, { reviewer: user.username, banks: user.banks, now, expiresAt });
        if (assignment) {
          await audit(tx, ctx, { action: 'qa.claim', entityType: 'call', entityId: assignment.callId, after: { until: expiresAt.toISOString() } });
        }
        return { assignment };
      });
    },
  }),

  defineRoute({
    method: 'DELETE',
    url: '/api/qa/calls/:id/claim',
    roles: REVIEWERS,
    summary: 'Give back your claim on a call',
    tags: ['qa'],
    params: CallParams,
    async handler({ params }, { deps, user }) {
      await visibleCall(deps.db, user, params.id);
      if (!(await releaseClaim(deps.db, params.id, user.username))) throw new HttpError(409, 'not_claimed', 'you hold no claim on this call');
      return { released: true };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/qa/calls/:id',
    roles: READERS,
    summary: "A call's place on the QA floor: its sample, its assignment and claim, your open calibrations of it",
    tags: ['qa'],
    response: CallQaStateSchema,
    params: CallParams,
    async handler({ params }, { deps, user }) {
      const call = await visibleCall(deps.db, user, params.id);
      const [sample, assignment, calibrations] = await Promise.all([
        repositories(deps.db).qaSamples.get(call.id),
        getAssignment(deps.db, call.id),
        listCalibrations(deps.db, { banks: user.banks, reviewer: user.username, me: user.username }),
      ]);
      return {
        sample, assignment,
        openCalibrationIds: calibrations.filter((c) => c.callId === call.id && c.mySubmittedAt === null).map((c) => c.id),
      };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/qa/rules',
    roles: READERS,
    summary: "Rules a manual finding on the call can name: every rule of the pack in effect for the call's language",
    tags: ['qa'],
    response: RuleChoicesSchema,
    query: z.strictObject({ callId: z.string().min(1).max(200) }),
    async handler({ query }, { deps, user }) {
      const call = await visibleCall(deps.db, user, query.callId);
      return { language: call.language, rules: await manualRuleChoices(deps.db, rulesDirOf(deps), call.language) };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/calls/:id/manual-findings',
    roles: REVIEWERS,
    summary: 'Add a finding the rules missed: a span of transcript text or a time range of audio, a rule or "no rule: missed"',
    tags: ['qa'],
    response: ManualFindingResultSchema,
    params: CallParams,
    body: z.strictObject({
      /** A rule from /api/qa/rules; omitted: no rule covers it (manual.missed, with category and severity). */
      ruleId: z.string().min(1).max(200).optional(),
      category: z.enum(CATEGORIES).optional(),
      severity: SeveritySchema.optional(),
      startMs: z.number().int().min(0),
      endMs: z.number().int().min(0),
      /** A text selection: the segment and [textStart, textEnd) in its text. */
      segmentIndex: z.number().int().min(0).optional(),
      textStart: z.number().int().min(0).optional(),
      textEnd: z.number().int().min(0).optional(),
      speaker: z.enum(['agent', 'customer', 'unknown']).optional(),
      note: z.string().trim().max(2000).optional(),
    }).refine((b) => b.endMs >= b.startMs, { message: 'endMs must not be before startMs', path: ['endMs'] })
      .refine((b) => b.ruleId !== undefined || (b.category !== undefined && b.severity !== undefined), {
        message: 'without a rule, give the category and severity', path: ['category'],
      }),
    async handler({ params, body }, ctx) {
      const { deps, user, unmasked } = ctx;
      const now = apiClock(deps).now();
      const saved = await deps.db.transaction(async (tx) => {
        const call = await visibleCall(tx, user, params.id);
        await assertNotClaimedByOther(tx, user, call.id, now);
        const repos = repositories(tx);
        let rule: { ruleId: string; ruleVersion: string; title: string; category: typeof CATEGORIES[number]; severity: z.infer<typeof SeveritySchema>; source: string };
        if (body.ruleId) {
          const known = (await manualRuleChoices(tx, rulesDirOf(deps), call.language)).find((r) => r.ruleId === body.ruleId);
          if (!known) throw new HttpError(422, 'unknown_rule', `the ${call.language} rules in effect have no rule ${body.ruleId}: choose "no rule: missed"`);
          rule = { ...known, category: body.category ?? known.category, severity: body.severity ?? known.severity };
        } else {
          rule = { ruleId: MANUAL_MISSED_RULE_ID, ruleVersion: MANUAL_MISSED_RULE_VERSION, title: '', category: body.category!, severity: body.severity!, source: '' };
        }
        let quote = '';
        let speaker: 'agent' | 'customer' | 'unknown' | 'call' = body.speaker ?? 'unknown';
        let startMs = body.startMs;
        let endMs = body.endMs;
        if (body.segmentIndex !== undefined) {
          const transcript = await repos.transcripts.latestForCall(call.id);
          const segment = transcript?.segments[body.segmentIndex];
          if (!segment) throw badRequest(`the transcript has no segment ${body.segmentIndex}`);
          const from = body.textStart ?? 0;
          const to = body.textEnd ?? segment.text.length;
          if (from >= to || to > segment.text.length) throw badRequest('the selection lies outside the segment text');
          // The quote is cut from the stored text (masking keeps lengths), never taken from the client.
          quote = segment.text.slice(from, to);
          speaker = segment.speaker;
          startMs = segment.startMs;
          endMs = segment.endMs;
        }
        const finding = await repos.findings.insertManual({
          callId: call.id, ruleId: rule.ruleId, ruleVersion: rule.ruleVersion, title: rule.title, category: rule.category,
          severity: rule.severity, speaker, startMs, endMs, quote, matched: [], source: rule.source,
          ...(body.segmentIndex !== undefined ? { segmentIndex: body.segmentIndex } : {}),
          createdBy: user.username, createdAt: now,
        });
        if (!finding) throw new HttpError(409, 'duplicate_finding', 'this rule already has a finding at this place of the call');
        if (body.note) await repos.findings.setVerdict(finding.id, { verdict: 'confirmed', note: body.note, by: user.username, at: now });
        const sample = await repos.qaSamples.setOutcome(call.id, { outcome: 'violation', by: user.username, at: now });
        await audit(tx, ctx, {
          action: 'finding.manual_add', entityType: 'finding', entityId: String(finding.id),
          after: { callId: call.id, ruleId: rule.ruleId, ruleVersion: rule.ruleVersion, category: rule.category, severity: rule.severity, startMs, endMs, sampleOutcome: sample?.outcome ?? null },
        });
        return (await repos.findings.get(finding.id))!;
      });
      return { finding: presentFinding(saved, unmasked) };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/calls/:id/escalate',
    roles: REVIEWERS,
    summary: "Escalate a call: open the borrower's risk case, or add the call to the open one",
    tags: ['qa'],
    response: EscalationSchema,
    params: CallParams,
    body: z.strictObject({ note: z.string().trim().max(2000).optional() }).optional(),
    async handler({ params }, ctx) {
      const { deps, user } = ctx;
      const call = await visibleCall(deps.db, user, params.id);
      const now = apiClock(deps).now();
      const result = await escalateCall(deps.db, { callId: call.id, actor: user.username, firstResponseHours: deps.options.firstResponseHours, now });
      await audit(deps.db, ctx, {
        action: 'call.escalate', entityType: 'call', entityId: call.id,
        after: { caseId: result.case.id, opened: result.opened },
      });
      return { caseId: result.case.id, opened: result.opened, status: result.case.status };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/qa/calibrations',
    roles: SUPERVISORS,
    summary: 'Put a call into calibration: two or more reviewers give their verdicts blind',
    tags: ['qa'],
    response: z.object({ id: z.number().int() }),
    body: z.strictObject({ callId: z.string().min(1).max(200), reviewers: z.array(Username).min(2).max(10) }),
    async handler({ body }, ctx) {
      const { deps, user } = ctx;
      const reviewers = [...new Set(body.reviewers)];
      if (reviewers.length < 2) throw badRequest('a calibration needs two different reviewers');
      const names = await reviewerNames(deps.db);
      const unknown = reviewers.filter((r) => !names.has(r));
      if (unknown.length) throw new HttpError(422, 'not_a_reviewer', `not active reviewers: ${unknown.join(', ')}`);
      return deps.db.transaction(async (tx) => {
        const call = await visibleCall(tx, user, body.callId);
        if ((await repositories(tx).findings.listByCall(call.id)).length === 0) {
          throw new HttpError(422, 'no_findings', 'the call has no findings to calibrate on');
        }
        const id = await createCalibration(tx, { callId: call.id, reviewers, by: user.username, at: apiClock(deps).now() });
        await audit(tx, ctx, { action: 'qa.calibration_create', entityType: 'calibration', entityId: String(id), after: { callId: call.id, reviewers } });
        return { id };
      });
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/qa/calibrations',
    roles: REVIEWERS,
    summary: 'Calibrations: yours (reviewers), or all in your banks (supervisors)',
    tags: ['qa'],
    response: CalibrationListSchema,
    async handler(_input, { deps, user }) {
      const reviewer = user.role === 'supervisor' ? undefined : user.username;
      return { items: await listCalibrations(deps.db, { banks: user.banks, reviewer, me: user.username }) };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/qa/calibrations/:id',
    roles: REVIEWERS,
    summary: "A calibration: the call's findings without verdicts and your own; supervisors also see each reviewer's",
    tags: ['qa'],
    response: CalibrationSchema,
    params: IdParams,
    async handler({ params }, { deps, user, unmasked }) {
      const cal = await getCalibration(deps.db, params.id);
      const call = cal ? await repositories(deps.db).calls.get(cal.callId) : null;
      const isSupervisor = user.role === 'supervisor';
      const isReviewer = cal?.reviewers.some((r) => r.reviewer === user.username) ?? false;
      // Blind: a reviewer who is not part of it learns nothing, not even that it exists.
      if (!cal || !call || !canSeeBank(user, call.bank) || (!isSupervisor && !isReviewer)) throw notFound('calibration');
      const findings = await repositories(deps.db).findings.listByCall(cal.callId);
      const all = isSupervisor
        ? (await Promise.all(cal.reviewers.map(async (r) => (await calibrationVerdictsOf(deps.db, cal.id, r.reviewer)).map((v) => ({ reviewer: r.reviewer, ...v }))))).flat()
        : null;
      return {
        ...cal,
        findings: findings.map((f) => {
          const { verdict: _v, verdictReason: _r, verdictNote: _n, verdictBy: _b, verdictAt: _a, ...rest } = presentFinding(f, unmasked);
          return { ...rest, verdictChoices: [...verdictsFor(f.category)] };
        }),
        myVerdicts: isReviewer ? await calibrationVerdictsOf(deps.db, cal.id, user.username) : [],
        allVerdicts: all,
      };
    },
  }),

  defineRoute({
    method: 'PUT',
    url: '/api/qa/calibrations/:id/verdicts',
    roles: REVIEWERS,
    summary: 'Submit your blind verdicts of a calibration (one per finding of the call)',
    tags: ['qa'],
    response: z.object({ stored: z.number().int() }),
    params: IdParams,
    body: z.strictObject({ verdicts: z.array(z.strictObject({ findingId: z.number().int().positive(), verdict: VerdictSchema })).min(1).max(500) }),
    async handler({ params, body }, ctx) {
      const { deps, user } = ctx;
      return deps.db.transaction(async (tx) => {
        const cal = await getCalibration(tx, params.id);
        const call = cal ? await repositories(tx).calls.get(cal.callId) : null;
        if (!cal || !call || !canSeeBank(user, call.bank) || !cal.reviewers.some((r) => r.reviewer === user.username)) throw notFound('calibration');
        const findings = new Map((await repositories(tx).findings.listByCall(cal.callId)).map((f) => [f.id, f]));
        for (const v of body.verdicts) {
          const f = findings.get(v.findingId);
          if (!f) throw badRequest(`finding ${v.findingId} is not a finding of the calibrated call`);
          assertVerdictKind(f.category, v.verdict);
        }
        const stored = await submitCalibrationVerdicts(tx, { id: cal.id, reviewer: user.username, verdicts: body.verdicts, at: apiClock(deps).now() });
        await audit(tx, ctx, { action: 'qa.calibration_submit', entityType: 'calibration', entityId: String(cal.id), after: { findings: stored } });
        return { stored };
      });
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/qa/agreement',
    roles: SUPERVISORS,
    summary: "Reviewer agreement per category from submitted calibrations (Cohen's kappa over reviewer pairs)",
    tags: ['qa'],
    response: AgreementSchema,
    async handler(_input, { deps, user }) {
      const ratings = await calibrationRatings(deps.db, user.banks);
      const byCategory = new Map<string, typeof ratings>();
      for (const r of ratings) byCategory.set(r.category, [...(byCategory.get(r.category) ?? []), r]);
      return {
        categories: [...byCategory].sort(([a], [b]) => a.localeCompare(b)).map(([category, list]) => {
          const k = cohensKappa(ratingPairs(list.map((r) => ({ item: `${r.calibrationId}:${r.findingId}`, rater: r.reviewer, label: r.verdict }))));
          return { category: category as (typeof CATEGORIES)[number], pairs: k.n, observed: k.observed, expected: k.expected, kappa: k.kappa };
        }),
      };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/qa/overview',
    roles: SUPERVISORS,
    summary: "A week's QA figures: sample reviewed, clean and violations; agent verdicts and borrower-signal verdicts apart; manual findings",
    tags: ['qa'],
    response: QaOverviewSchema,
    query: z.strictObject({ week: Week.optional() }),
    async handler({ query }, { deps, user }) {
      const weekStart = query.week ?? lastCompleteWeekStart(apiClock(deps).now(), await getWeekTimeZone(deps.db));
      return qaWeekFigures(deps.db, weekStart, user.banks);
    },
  }),
];
