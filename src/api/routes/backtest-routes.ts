import path from 'node:path';
import { z } from 'zod';
import type { Language } from '../../domain/transcript.ts';
import { basePack, mergeDraftFiles, withDraftTree, DRAFT_FILE_NAME } from '../../pipeline/backtest-draft-files.ts';
import { checkDraft } from '../../pipeline/draft-rule-set.ts';
import { packContentHash } from '../../pipeline/rule-pack-source.ts';
import { BacktestUsageError, parseScopeDate } from '../../pipeline/rule-backtest.ts';
import {
  getBacktestRun,
  insertBacktestRun,
  listBacktestRuns,
  type BacktestRunRow,
} from '../../store/review-app/backtest-runs.ts';
import type { UserRow } from '../../store/review-app/users.ts';
import { audit } from '../audit.ts';
import type { BacktestRunner } from '../backtest-runner.ts';
import { BacktestRunDetailSchema, BacktestRunsSchema, BasePackSchema, DraftCheckSchema } from '../backtest-schemas.ts';
import { badRequest, HttpError, notFound } from '../http-error.ts';
import { defineRoute } from '../route-def.ts';
import type { ApiDeps } from '../api-deps.ts';

/**
 * Backtests of draft rules in the review app: a compliance officer uploads or edits rule files of
 * one language's pack, checks them (the loader's and the examples' problems, with line:col), and
 * runs the draft against the stored calls in the background; the run's report is the same as
 * `callguard rules backtest --json`. Starting a run is audited with the draft's hash and files.
 */
const OFFICERS = ['compliance_officer', 'admin'] as const;
const LanguageSchema = z.enum(['zh-CN', 'en-US']);
const DraftFiles = z.array(z.strictObject({
  path: z.string().regex(DRAFT_FILE_NAME, 'a rule file name: letters, digits and . _ - ending in .yaml'),
  content: z.string().max(1_000_000),
})).min(1).max(50);
const DraftBody = z.strictObject({ language: LanguageSchema, files: DraftFiles });
const DateParam = z.string().max(40).optional();

function runner(deps: ApiDeps): BacktestRunner {
  if (!deps.backtest) throw new HttpError(503, 'backtest_unavailable', 'this server does not run backtests');
  return deps.backtest;
}

/** A user limited to some banks sees only the runs they started; the others see every run. */
function mayRead(user: UserRow, run: BacktestRunRow): boolean {
  return user.banks === null || run.createdBy === user.username;
}

const presentRun = (r: BacktestRunRow) => ({
  id: r.id, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), language: r.language,
  scope: { since: r.scope.since, until: r.scope.until, bank: r.scope.bank },
  draftHash: r.draftHash, changedFiles: r.changedFiles, status: r.status, progressDone: r.progressDone, progressTotal: r.progressTotal,
  error: r.error, startedAt: r.startedAt?.toISOString() ?? null, finishedAt: r.finishedAt?.toISOString() ?? null,
});

/** The draft (base pack + changed files) checked as `rules lint` and `rules test` would; problems name the file by its name alone. */
async function checkedDraft(deps: ApiDeps, language: Language, changed: z.infer<typeof DraftFiles>) {
  const { rulesDir } = runner(deps);
  const base = await basePack(deps.db, rulesDir, language);
  let files;
  try {
    files = mergeDraftFiles(base.files, changed);
  } catch (err) {
    throw badRequest((err as Error).message);
  }
  const check = await withDraftTree(language, files, rulesDir, async (dir) => {
    const result = checkDraft(dir, new Set([language]));
    return result.ok
      ? { ok: true as const, stage: null, problems: [], rules: result.packs.get(language)?.rules.length ?? 0 }
      : { ok: false as const, stage: result.stage, rules: 0, problems: result.problems.map((p) => ({ ...p, file: path.basename(p.file) })) };
  });
  return { files, check };
}

export const backtestRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/backtest/base',
    roles: OFFICERS,
    summary: "The pack a draft starts from: the language's published pack, else the rules directory's",
    tags: ['rules'],
    response: BasePackSchema,
    query: z.strictObject({ language: LanguageSchema }),
    async handler({ query }, { deps }) {
      return basePack(deps.db, runner(deps).rulesDir, query.language);
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/backtest/check',
    roles: OFFICERS,
    summary: 'Check a draft (changed files on top of the base pack) as `rules lint` and `rules test` do: each problem with file:line:col',
    tags: ['rules'],
    response: DraftCheckSchema,
    body: DraftBody,
    async handler({ body }, { deps }) {
      return (await checkedDraft(deps, body.language, body.files)).check;
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/backtest/runs',
    roles: OFFICERS,
    summary: 'Start a backtest of a draft on the stored calls (in the background); refused with the problems when the draft does not check',
    tags: ['rules'],
    response: BacktestRunDetailSchema,
    body: DraftBody.extend({ since: DateParam, until: DateParam, bank: z.string().min(1).max(200).optional() }),
    async handler({ body }, ctx) {
      const { deps, user } = ctx;
      let since: Date | null;
      let until: Date | null;
      try {
        since = body.since ? parseScopeDate(body.since, 'since') : null;
        until = body.until ? parseScopeDate(body.until, 'until') : null;
      } catch (err) {
        if (err instanceof BacktestUsageError) throw badRequest(err.message);
        throw err;
      }
      if (body.bank && user.banks !== null && !user.banks.includes(body.bank)) throw badRequest(`bank ${body.bank} is not one of yours`);
      const { files, check } = await checkedDraft(deps, body.language, body.files);
      if (!check.ok) {
        throw new HttpError(422, 'draft_invalid', check.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n'));
      }
      const run = await deps.db.transaction(async (tx) => {
        const r = await insertBacktestRun(tx, {
          createdBy: user.username,
          language: body.language,
          scope: { since: since?.toISOString() ?? null, until: until?.toISOString() ?? null, bank: body.bank ?? null, banks: user.banks },
          draftFiles: files,
          draftHash: packContentHash(files),
          changedFiles: body.files.map((f) => f.path),
        });
        await audit(tx, ctx, {
          action: 'rules.backtest', entityType: 'backtest_run', entityId: String(r.id),
          after: { language: r.language, draftHash: r.draftHash, changedFiles: r.changedFiles, scope: r.scope },
        });
        return r;
      });
      await runner(deps).start(run.id);
      ctx.reply.status(201);
      return { run: presentRun(run), report: null };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/backtest/runs',
    roles: OFFICERS,
    summary: 'Backtest runs, newest first',
    tags: ['rules'],
    response: BacktestRunsSchema,
    async handler(_input, { deps, user }) {
      return { runs: (await listBacktestRuns(deps.db, 50)).filter((r) => mayRead(user, r)).map(presentRun) };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/backtest/runs/:id',
    roles: OFFICERS,
    summary: "A backtest run: its status and progress, and once done its report (per-rule diff, samples, estimates)",
    tags: ['rules'],
    response: BacktestRunDetailSchema,
    params: z.strictObject({ id: z.coerce.number().int().positive() }),
    async handler({ params }, { deps, user }) {
      const run = await getBacktestRun(deps.db, params.id);
      if (!run || !mayRead(user, run)) throw notFound('backtest run');
      return { run: presentRun(run), report: run.report ?? null };
    },
  }),
];
