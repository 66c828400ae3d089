import { z } from 'zod';
import { CategorySchema } from '../domain/category.ts';
import { SeveritySchema } from '../domain/severity.ts';

/** Response schemas of the Rules page's routes (routes/rule-routes.ts). */

const Instant = z.string().meta({ format: 'date-time' });
const Bilingual = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
const Language = z.enum(['zh-CN', 'en-US']);

const RuleChangeSchema = z.object({ ruleId: z.string(), change: z.enum(['added', 'removed', 'changed']), matchingChanged: z.boolean() });
const FileChangeSchema = z.object({ path: z.string(), status: z.enum(['added', 'removed', 'changed']) });

export const RuleCatalogueSchema = z.object({
  packs: z.array(z.object({
    language: Language,
    origin: z.enum(['published', 'directory']),
    hash: z.string(),
    version: z.number().int().nullable(),
    publishedAt: Instant.nullable(),
    publishedBy: z.string().nullable(),
    message: z.string().nullable(),
  })),
  rules: z.array(z.object({
    id: z.string(),
    language: Language,
    title: Bilingual,
    severity: SeveritySchema,
    category: CategorySchema,
    source: z.string(),
    description: Bilingual,
    kind: z.string(),
    enabled: z.boolean(),
    version: z.string(),
    matchingVersion: z.string(),
    file: z.string(),
    line: z.number().int(),
    examples: z.object({ match: z.array(z.string()), noMatch: z.array(z.string()) }),
    lexicons: z.array(z.string()),
  })),
  /** Per rule and week (Monday, UTC), current versions' findings. */
  hitsPerWeek: z.array(z.object({ ruleId: z.string(), week: z.string(), hits: z.number().int() })),
  precision: z.array(z.object({
    ruleId: z.string(), ruleVersion: z.string(), confirmed: z.number().int(), dismissed: z.number().int(), unreviewed: z.number().int(),
    precision: z.number().nullable(),
  })),
  /** Each published version that added, removed or changed a rule. */
  history: z.array(z.object({
    ruleId: z.string(), version: z.number().int(), hash: z.string(), change: z.enum(['added', 'removed', 'changed']), matchingChanged: z.boolean(),
    publishedAt: Instant, publishedBy: z.string(), message: z.string().nullable(),
  })),
  /** Worker processes heard from in the last two minutes and the version each runs. */
  workers: z.array(z.object({ worker: z.string(), language: z.string(), packHash: z.string(), loadedAt: Instant, seenAt: Instant })),
});

const VersionSchema = z.object({
  id: z.number().int(),
  language: z.string(),
  hash: z.string(),
  active: z.boolean(),
  ruleCount: z.number().int(),
  publishedAt: Instant,
  publishedBy: z.string(),
  message: z.string().nullable(),
  previousHash: z.string().nullable(),
  rules: z.array(RuleChangeSchema),
  files: z.array(FileChangeSchema),
});

export const RuleVersionsSchema = z.object({
  versions: z.array(VersionSchema),
  activations: z.array(z.object({
    id: z.number().int(), language: z.string(), hash: z.string(), action: z.enum(['publish', 'rollback']), actor: z.string(), message: z.string(), at: Instant,
  })),
});

export const RuleVersionDiffSchema = VersionSchema.extend({
  diff: z.array(FileChangeSchema.extend({ unified: z.string() })),
});

export const PublishResultSchema = z.object({
  version: VersionSchema,
});

export const RescanResultSchema = z.object({
  calls: z.number().int(),
  packs: z.array(z.object({ language: z.string(), packHash: z.string(), calls: z.number().int() })),
});
