/**
 * The layering the design asks for (docs/architecture.md, "Layers"), as data. Each module of the
 * tree is named by where its file lives; a module may import only the modules its row lists (and
 * itself). Dependencies point down: domain ← rules, audio ← asr ← pipeline/stages ← transport ←
 * runtime ← cli, api, workers.
 */

export type ModuleName =
  | 'domain' | 'config' | 'logger' | 'rules' | 'audio' | 'asr' | 'privacy' | 'store' | 'cases'
  | 'pipeline' | 'pipeline/stages' | 'pipeline/intake' | 'pipeline/transport' | 'pipeline/operations'
  | 'runtime' | 'reports' | 'notify' | 'api' | 'cli' | 'workers';

/** Shared by everything: validated settings and the logger factory, which import nothing of ours. */
const BASE: ModuleName[] = ['config', 'logger'];
// privacy is pure (it imports only domain): every layer that logs or shows text may mask with it.
const PIPELINE_BELOW: ModuleName[] = ['domain', 'rules', 'audio', 'asr', 'privacy', 'store', 'cases', ...BASE];

export const ALLOWED: Record<ModuleName, readonly ModuleName[]> = {
  domain: [],
  config: [],
  logger: [],
  rules: ['domain'],
  audio: ['domain', ...BASE],
  asr: ['domain', 'audio', ...BASE],
  privacy: ['domain'],
  store: ['domain', ...BASE],
  cases: ['domain', 'rules', 'store', ...BASE],
  // The pipeline's vocabulary: the call lifecycle, job payloads, the stage contract, what stages need.
  pipeline: PIPELINE_BELOW,
  'pipeline/stages': ['pipeline', ...PIPELINE_BELOW],
  'pipeline/intake': ['pipeline', ...PIPELINE_BELOW],
  'pipeline/transport': ['pipeline', 'pipeline/stages', ...PIPELINE_BELOW],
  'pipeline/operations': ['pipeline', 'pipeline/stages', 'pipeline/transport', ...PIPELINE_BELOW],
  runtime: ['pipeline', 'pipeline/stages', 'pipeline/intake', 'pipeline/transport', 'pipeline/operations', ...PIPELINE_BELOW],
  reports: ['domain', 'rules', 'store', 'cases', 'privacy', ...BASE],
  notify: ['domain', 'store', ...BASE],
  api: ['runtime', 'pipeline', 'pipeline/stages', 'pipeline/intake', 'pipeline/transport', 'pipeline/operations', 'reports', 'notify', 'privacy', ...PIPELINE_BELOW],
  cli: ['api', 'runtime', 'pipeline', 'pipeline/stages', 'pipeline/intake', 'pipeline/transport', 'pipeline/operations', 'reports', 'notify', 'privacy', ...PIPELINE_BELOW],
  workers: ['runtime', 'pipeline', 'pipeline/stages', 'pipeline/intake', 'pipeline/transport', 'pipeline/operations', 'notify', ...PIPELINE_BELOW],
};

const PIPELINE_PARTS = ['stages', 'intake', 'transport', 'operations'] as const;

/**
 * The module a file belongs to, from its path relative to the project root (forward slashes);
 * null for files outside the checked tree (tests, scripts, web).
 */
export function moduleOf(file: string): ModuleName | null {
  if (file.startsWith('workers/')) return 'workers';
  if (!file.startsWith('src/')) return null;
  const parts = file.slice('src/'.length).split('/');
  const top = parts[0]!;
  if (parts.length === 1) {
    const base = top.replace(/\.ts$/, '');
    return base === 'config' || base === 'logger' || base === 'runtime' ? base : null;
  }
  if (top === 'pipeline') {
    const sub = parts[1] as (typeof PIPELINE_PARTS)[number];
    return parts.length > 2 && PIPELINE_PARTS.includes(sub) ? `pipeline/${sub}` : 'pipeline';
  }
  return (Object.keys(ALLOWED) as ModuleName[]).includes(top as ModuleName) ? (top as ModuleName) : null;
}

/** Packages that only some modules may import: the database driver, the queue. */
export interface PackageRule {
  /** The package specifier, or a prefix ending in '/'. */
  specifier: string;
  /** null: any import of the package; else only these named (value) imports. */
  names: readonly string[] | null;
  /** Modules allowed to import it. */
  only: readonly ModuleName[];
  why: string;
}

export const PACKAGE_RULES: readonly PackageRule[] = [
  { specifier: 'bullmq', names: ['Worker'], only: ['workers'], why: "only workers/ imports BullMQ's Worker" },
  { specifier: 'bullmq', names: null, only: ['pipeline/transport', 'pipeline/operations', 'runtime', 'api', 'workers'], why: 'stages do not know how they are transported' },
  { specifier: 'ioredis', names: null, only: ['pipeline/transport', 'pipeline/operations', 'runtime', 'workers'], why: 'stages do not know how they are transported' },
  { specifier: 'pg', names: null, only: ['store'], why: 'only store/ talks to the database' },
  { specifier: '@electric-sql/', names: null, only: ['store'], why: 'only store/ talks to the database' },
];

/** src/rules is a pure library: beyond reading rule files, no I/O. */
export const RULES_FORBIDDEN_PACKAGES = [
  'node:child_process', 'node:net', 'node:http', 'node:https', 'node:http2', 'node:dgram', 'node:worker_threads', 'node:cluster',
  'child_process', 'net', 'http', 'https', 'fastify', 'pg', 'bullmq', 'ioredis', 'pino',
];
/** Writing names from node:fs; src/rules only reads. */
export const FS_WRITE_NAMES = /^(write|append|mkdir|mkdtemp|rm|rmdir|unlink|rename|copy|cp|truncate|createWriteStream|symlink|link|chmod|chown|utimes|open)/;

/**
 * A string that is an SQL statement, wherever it is written outside store/. The project writes SQL
 * keywords in capitals, which also keeps English ("select a file from the list") from counting.
 */
export const SQL_STATEMENT = /^\s*(SELECT\s[\s\S]*\bFROM\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|WITH\s+\w+\s+AS\s*\(|CREATE\s+(TABLE|INDEX)\s|ALTER\s+TABLE\s)/;
