import type { Queryable } from '../db.ts';

export interface RulePackFile {
  path: string;
  content: string;
}

export interface NewRulePack {
  language: string;
  /** sha256 over every file of the pack (path and content): the same pack twice is one row. */
  contentHash: string;
  files: RulePackFile[];
  ruleCount: number;
  publishedBy: string;
  note?: string | null;
  /** The language's active pack when this one was published (null: none). */
  previousHash?: string | null;
  /** What changed since previousHash (src/rules/pack-diff.ts PackDiff). */
  diff?: unknown;
}

export interface StoredRulePack extends NewRulePack {
  id: number;
  publishedAt: Date;
  active: boolean;
}

interface RulePackRow {
  id: number;
  language: string;
  content_hash: string;
  files: RulePackFile[];
  rule_count: number;
  published_by: string;
  published_at: Date;
  note: string | null;
  active: boolean;
  previous_hash: string | null;
  diff: unknown;
}

const toPack = (r: RulePackRow): StoredRulePack => ({
  id: r.id,
  language: r.language,
  contentHash: r.content_hash,
  files: r.files,
  ruleCount: r.rule_count,
  publishedBy: r.published_by,
  publishedAt: r.published_at,
  note: r.note,
  active: r.active,
  previousHash: r.previous_hash,
  diff: r.diff,
});

/** One publish or rollback: which version became the language's active pack. */
export interface RulePackActivation {
  id: number;
  language: string;
  contentHash: string;
  action: 'publish' | 'rollback';
  actor: string;
  message: string;
  at: Date;
}

interface ActivationRow {
  id: number;
  language: string;
  content_hash: string;
  action: 'publish' | 'rollback';
  actor: string;
  message: string;
  at: Date;
}

const toActivation = (r: ActivationRow): RulePackActivation => ({
  id: r.id, language: r.language, contentHash: r.content_hash, action: r.action, actor: r.actor, message: r.message, at: r.at,
});

/** The channel a publish or rollback notifies (payload: the language) so workers reload at once. */
export const RULE_PACK_CHANNEL = 'callguard_rule_packs';

/**
 * Published rule pack versions. Publishing = insertIfNew + (in one transaction) deactivate the
 * language's current pack + activate the new one; `publishRulePack` in ../rule-pack-publish.ts does it.
 */
export class RulePacksRepository {
  constructor(private readonly q: Queryable) {}

  /** Null when a pack with this content hash is already stored. */
  async insertIfNew(p: NewRulePack): Promise<StoredRulePack | null> {
    const { rows } = await this.q.query<RulePackRow>(
      `INSERT INTO rule_packs (language, content_hash, files, rule_count, published_by, note, previous_hash, diff)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (content_hash) DO NOTHING RETURNING *`,
      [p.language, p.contentHash, JSON.stringify(p.files), p.ruleCount, p.publishedBy, p.note ?? null, p.previousHash ?? null, p.diff === undefined ? null : JSON.stringify(p.diff)],
    );
    return rows[0] ? toPack(rows[0]) : null;
  }

  /** A version named by its full hash or an unambiguous prefix (at least 8 hex digits); null when none or several. */
  async getByHashPrefix(prefix: string): Promise<StoredRulePack | null> {
    const { rows } = await this.q.query<RulePackRow>(
      "SELECT * FROM rule_packs WHERE content_hash LIKE $1 || '%' LIMIT 2", [prefix.toLowerCase()],
    );
    return rows.length === 1 ? toPack(rows[0]!) : null;
  }

  /**
   * A version a worker recorded from its rules directory (never published: no diff) that is now
   * published: it takes the publisher, message, time, previous version and diff of that publish.
   * Null when the version was published before (it keeps what it was published with).
   */
  async claimUnpublished(id: number, p: { publishedBy: string; note: string | null; previousHash: string | null; diff: unknown }): Promise<StoredRulePack | null> {
    const { rows } = await this.q.query<RulePackRow>(
      `UPDATE rule_packs SET published_by = $2, note = $3, previous_hash = $4, diff = $5, published_at = now()
        WHERE id = $1 AND diff IS NULL RETURNING *`,
      [id, p.publishedBy, p.note, p.previousHash, JSON.stringify(p.diff)],
    );
    return rows[0] ? toPack(rows[0]) : null;
  }

  async insertActivation(a: Omit<RulePackActivation, 'id' | 'at'> & { at?: Date }): Promise<RulePackActivation> {
    const { rows } = await this.q.query<ActivationRow>(
      `INSERT INTO rule_pack_activations (language, content_hash, action, actor, message, at)
       VALUES ($1, $2, $3, $4, $5, COALESCE($6, now())) RETURNING *`,
      [a.language, a.contentHash, a.action, a.actor, a.message, a.at ?? null],
    );
    return toActivation(rows[0]!);
  }

  /** Newest first. */
  async listActivations(language?: string): Promise<RulePackActivation[]> {
    const { rows } = await this.q.query<ActivationRow>(
      'SELECT * FROM rule_pack_activations WHERE $1::text IS NULL OR language = $1 ORDER BY id DESC',
      [language ?? null],
    );
    return rows.map(toActivation);
  }

  /** Tells listening workers (after commit, when inside a transaction) that the language's active pack changed. */
  async notifyChanged(language: string): Promise<void> {
    await this.q.query('SELECT pg_notify($1, $2)', [RULE_PACK_CHANNEL, language]);
  }

  async getByHash(contentHash: string): Promise<StoredRulePack | null> {
    const { rows } = await this.q.query<RulePackRow>('SELECT * FROM rule_packs WHERE content_hash = $1', [contentHash]);
    return rows[0] ? toPack(rows[0]) : null;
  }

  async getActive(language: string): Promise<StoredRulePack | null> {
    const { rows } = await this.q.query<RulePackRow>('SELECT * FROM rule_packs WHERE language = $1 AND active', [language]);
    return rows[0] ? toPack(rows[0]) : null;
  }

  /** Newest first. */
  async list(language?: string): Promise<StoredRulePack[]> {
    const { rows } = await this.q.query<RulePackRow>(
      'SELECT * FROM rule_packs WHERE $1::text IS NULL OR language = $1 ORDER BY published_at DESC, id DESC',
      [language ?? null],
    );
    return rows.map(toPack);
  }

  async deactivateLanguage(language: string): Promise<void> {
    await this.q.query('UPDATE rule_packs SET active = false WHERE language = $1 AND active', [language]);
  }

  async activate(id: number): Promise<boolean> {
    const { rowCount } = await this.q.query('UPDATE rule_packs SET active = true WHERE id = $1', [id]);
    return rowCount === 1;
  }
}
