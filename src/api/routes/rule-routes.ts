import { z } from 'zod';
import { LanguageSchema } from '../../domain/transcript.ts';
import type { PackDiff } from '../../rules/index.ts';
import { PackRefusedError, PackVersionError, publishPackFiles, rollbackPack } from '../../pipeline/rule-pack-publishing.ts';
import { languageDir, packFilesIn } from '../../pipeline/rule-pack-source.ts';
import { repositories, RulePacksRepository, type StoredRulePack } from '../../store/index.ts';
import { ruleHitsPerWeek } from '../../store/review-app/rule-stats.ts';
import { listWorkerRulePacks } from '../../store/worker-rule-packs.ts';
import { apiClock, type RulePackOps } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { HttpError, notFound } from '../http-error.ts';
import { defineRoute, type AuthedRouteContext } from '../route-def.ts';
import { describeRules, packsInEffect } from '../rule-catalogue.ts';
import { PublishResultSchema, RescanResultSchema, RuleCatalogueSchema, RuleVersionDiffSchema, RuleVersionsSchema } from '../rule-schemas.ts';

/**
 * The Rules page: every rule in effect with its examples, history, hits and precision; publishing
 * a pack (uploaded files or the server's rules directory), rolling back, and re-scanning stored
 * calls. Only compliance officers and admins; each publish and rollback is audited (in the
 * transaction that makes it, src/store/rule-pack-publish.ts).
 */
const OFFICERS = ['compliance_officer', 'admin'] as const;
const HIT_WEEKS = 12;
const WORKER_SEEN_MS = 2 * 60_000;

function packOps(ctx: AuthedRouteContext): RulePackOps {
  if (!ctx.deps.rulePacks) throw new HttpError(503, 'rules_unavailable', 'this server was started without its rules directory');
  return ctx.deps.rulePacks;
}

const emptyDiff: PackDiff = { files: [], rules: [] };
const diffOf = (p: StoredRulePack): PackDiff => (p.diff as PackDiff | null) ?? emptyDiff;

const presentVersion = (p: StoredRulePack) => {
  const diff = diffOf(p);
  return {
    id: p.id, language: p.language, hash: p.contentHash, active: p.active, ruleCount: p.ruleCount,
    publishedAt: p.publishedAt.toISOString(), publishedBy: p.publishedBy, message: p.note ?? null, previousHash: p.previousHash ?? null,
    rules: diff.rules, files: diff.files.map((f) => ({ path: f.path, status: f.status })),
  };
};

/** A refused pack is a 422 naming each problem as file:line:col; a version that does not apply, 404 or 409. */
function asHttpError(err: unknown): unknown {
  if (err instanceof PackRefusedError) return new HttpError(422, 'pack_refused', err.message);
  if (err instanceof PackVersionError) return new HttpError(err.kind === 'unknown' ? 404 : 409, err.kind, err.message);
  return err;
}

const PackFile = z.strictObject({ path: z.string().min(1).max(200), content: z.string().max(2 * 1024 * 1024) });
const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/, 'a date (2026-11-01) or a time with its offset');
const toDate = (s: string) => new Date(s.includes('T') ? s : `${s}T00:00:00Z`);

export const ruleRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/rules',
    roles: OFFICERS,
    summary: 'Every rule in effect (published version, else the server\'s rules directory) with examples, word classes, history, hits per week and precision per version',
    tags: ['rules'],
    response: RuleCatalogueSchema,
    async handler(_input, ctx) {
      const { deps } = ctx;
      const ops = packOps(ctx);
      const now = apiClock(deps).now();
      const packs = await packsInEffect(deps.db, ops.rulesDir);
      const stats = await repositories(deps.db).findings.verdictStats();
      const stored = await new RulePacksRepository(deps.db).list();
      return {
        packs: packs.map((p) => ({
          language: p.language, origin: p.origin, hash: p.hash, version: p.stored?.id ?? null,
          publishedAt: p.stored?.publishedAt.toISOString() ?? null, publishedBy: p.stored?.publishedBy ?? null, message: p.stored?.note ?? null,
        })),
        rules: packs.flatMap(describeRules),
        hitsPerWeek: await ruleHitsPerWeek(deps.db, now, HIT_WEEKS),
        precision: stats.map((s) => ({ ...s, precision: s.confirmed + s.dismissed > 0 ? s.confirmed / (s.confirmed + s.dismissed) : null })),
        history: stored.flatMap((p) => diffOf(p).rules.map((c) => ({
          ...c, version: p.id, hash: p.contentHash, publishedAt: p.publishedAt.toISOString(), publishedBy: p.publishedBy, message: p.note ?? null,
        }))),
        workers: (await listWorkerRulePacks(deps.db, new Date(now.getTime() - WORKER_SEEN_MS))).map((w) => ({
          ...w, loadedAt: w.loadedAt.toISOString(), seenAt: w.seenAt.toISOString(),
        })),
      };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/rules/versions',
    roles: OFFICERS,
    summary: 'Every published rule pack version, newest first, with what it changed, and the history of publishes and rollbacks',
    tags: ['rules'],
    response: RuleVersionsSchema,
    async handler(_input, { deps }) {
      const repo = new RulePacksRepository(deps.db);
      const activations = await repo.listActivations();
      // Versions workers only recorded from their rules directory were never published: not listed.
      const published = new Set(activations.map((a) => a.contentHash));
      return {
        versions: (await repo.list()).filter((p) => published.has(p.contentHash)).map(presentVersion),
        activations: activations.map((a) => ({
          id: a.id, language: a.language, hash: a.contentHash, action: a.action, actor: a.actor, message: a.message, at: a.at.toISOString(),
        })),
      };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/rules/versions/:id',
    roles: OFFICERS,
    summary: 'One stored version with the unified diff of each file against the version it replaced',
    tags: ['rules'],
    params: IdParams,
    response: RuleVersionDiffSchema,
    async handler({ params }, { deps }) {
      const p = (await new RulePacksRepository(deps.db).list()).find((v) => v.id === params.id);
      if (!p) throw notFound('rule pack version');
      return { ...presentVersion(p), diff: diffOf(p).files };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/rules/publish',
    roles: OFFICERS,
    summary: 'Publish a language\'s pack (uploaded files, or the server\'s rules directory) after lint and examples; workers reload it without a restart',
    tags: ['rules'],
    response: PublishResultSchema,
    body: z.strictObject({
      language: LanguageSchema,
      message: z.string().trim().min(1, 'say why the rules change').max(2000),
      files: z.array(PackFile).min(1).max(100).optional(),
      fromServer: z.literal(true).optional(),
    }).refine((b) => (b.files === undefined) !== (b.fromServer === undefined), 'send either files or fromServer: true'),
    async handler({ body }, ctx) {
      const ops = packOps(ctx);
      const files = body.files ?? packFilesIn(languageDir(ops.rulesDir, body.language));
      try {
        const r = await publishPackFiles(ctx.deps.db, ops.rulesDir, {
          language: body.language, files, author: ctx.user.username, message: body.message, actorRole: ctx.user.role, ip: ctx.req.ip,
        });
        return { version: presentVersion(r.pack) };
      } catch (err) {
        throw asHttpError(err);
      }
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/rules/rollback',
    roles: OFFICERS,
    summary: 'Make an earlier stored version (number or content hash) the active one again; workers reload it without a restart',
    tags: ['rules'],
    response: PublishResultSchema,
    body: z.strictObject({ version: z.string().min(1).max(64), message: z.string().trim().min(1, 'say why').max(2000) }),
    async handler({ body }, ctx) {
      const ops = packOps(ctx);
      try {
        const pack = await rollbackPack(ctx.deps.db, ops.rulesDir, { ref: body.version, actor: ctx.user.username, message: body.message, actorRole: ctx.user.role, ip: ctx.req.ip });
        return { version: presentVersion(pack) };
      } catch (err) {
        throw asHttpError(err);
      }
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/rules/rescan',
    roles: OFFICERS,
    summary: 'Scan and triage stored calls again with the published versions (as `callguard rescan`)',
    tags: ['rules'],
    response: RescanResultSchema,
    body: z.strictObject({
      since: Day, until: Day.optional(), bank: z.string().min(1).max(200).optional(), language: LanguageSchema.optional(),
    }),
    async handler({ body }, ctx) {
      const ops = packOps(ctx);
      // Banks beyond the officer's scope are not theirs to re-scan.
      const banks = ctx.user.banks;
      if (banks && (!body.bank || !banks.includes(body.bank))) throw new HttpError(403, 'forbidden', 'name one of your banks to re-scan');
      const result = await ops.rescan({
        since: toDate(body.since), ...(body.until ? { until: toDate(body.until) } : {}), ...(body.bank ? { bank: body.bank } : {}), ...(body.language ? { language: body.language } : {}),
      });
      await audit(ctx.deps.db, ctx, {
        action: 'rule_pack.rescan', entityType: 'rule_pack', entityId: result.packs.map((p) => p.packHash).join(',') || '-',
        after: { ...body, calls: result.calls, packs: result.packs },
      });
      return result;
    },
  }),
];
