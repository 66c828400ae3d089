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
});

/**
 * Published rule pack versions. Publishing = insertIfNew + (in one transaction) deactivate the
 * language's current pack + activate the new one; `publishRulePack` in ../rule-pack-publish.ts does it.
 */
export class RulePacksRepository {
  constructor(private readonly q: Queryable) {}

  /** Null when a pack with this content hash is already stored. */
  async insertIfNew(p: NewRulePack): Promise<StoredRulePack | null> {
    const { rows } = await this.q.query<RulePackRow>(
      `INSERT INTO rule_packs (language, content_hash, files, rule_count, published_by, note)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (content_hash) DO NOTHING RETURNING *`,
      [p.language, p.contentHash, JSON.stringify(p.files), p.ruleCount, p.publishedBy, p.note ?? null],
    );
    return rows[0] ? toPack(rows[0]) : null;
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
